import { describe, expect, it } from 'vitest';
import { formatDay, relativeTime, weekStart, monthRange, addMonths } from './dates';
import { authorsShort, bytes, compact, grouped, plural } from './text';

describe('dates', () => {
  it('formats a Daily Papers date', () => expect(formatDay('2026-05-26')).toBe('Tue, 26 May 2026'));
  it('finds the Monday', () => expect(weekStart('2026-05-31')).toBe('2026-05-25'));
  it('knows month ends', () =>
    expect(monthRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' }));
  it('steps months across years', () => expect(addMonths('2026-01', -1)).toBe('2025-12'));
  const now = new Date('2026-05-26T12:00:00Z');
  const rel = [
    { at: '2026-05-26T11:59:50Z', want: 'just now' },
    { at: '2026-05-26T11:55:00Z', want: '5 min ago' },
    { at: '2026-05-26T09:00:00Z', want: '3 h ago' },
    { at: '2026-05-25T10:00:00Z', want: 'yesterday' },
    { at: '', want: '' },
  ];
  for (const c of rel)
    it(`relative ${c.want || 'empty'}`, () => expect(relativeTime(c.at, now)).toBe(c.want));
});

describe('text', () => {
  it('names the first authors and counts the rest', () => {
    expect(authorsShort(['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'], 5)).toBe(
      'Ada Lovelace, Alan Turing +3',
    );
    expect(authorsShort(['Ada Lovelace', 'Alan Turing'], 2)).toBe('Ada Lovelace, Alan Turing');
    expect(authorsShort(['Ada Lovelace'], 1)).toBe('Ada Lovelace');
    expect(authorsShort([], 4)).toBe('4 authors');
    expect(authorsShort([], 0)).toBe('');
    expect(authorsShort(['A', 'B', 'C'], 1534)).toBe('A, B +1,532');
  });
  it('groups thousands as en-US does, without Intl', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 1_234_567, -4321, 8572, 100_000]) {
      expect(grouped(n)).toBe(n.toLocaleString('en-US'));
    }
    expect(plural(8572, 'match', 'matches')).toBe('8,572 matches');
  });

  it('pluralises', () => {
    expect(plural(1, 'author')).toBe('1 author');
    expect(plural(533, 'author')).toBe('533 authors');
  });
  it('compacts', () => {
    expect(compact(999)).toBe('999');
    expect(compact(1234)).toBe('1.2k');
    expect(compact(25_000)).toBe('25k');
  });
});

describe('bytes', () => {
  const cases = [
    { n: 0, want: '0 B' },
    { n: 1023, want: '1023 B' },
    { n: 1024, want: '1 KB' },
    { n: 1536, want: '1.5 KB' },
    { n: 12_345_678, want: '11.8 MB' },
    { n: 48_312_115, want: '46.1 MB' },
    { n: 734_003_200, want: '700 MB' },
    { n: 5 * 1024 ** 3, want: '5 GB' },
    { n: -1, want: '—' },
  ];
  for (const c of cases) it(`${c.n} is ${c.want}`, () => expect(bytes(c.n)).toBe(c.want));
});
