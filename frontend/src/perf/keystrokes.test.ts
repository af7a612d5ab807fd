import { afterEach, describe, expect, it, vi } from 'vitest';
import { backend } from '../test/backend';
import { keystrokes } from './keystrokes';

vi.mock('../api/transport', async () => (await import('../test/backend')).transportMock());

// What `make bench` reads back from the app's log (internal/perf/session.go, keystrokesLine).
const LINE =
  /^paperboy: keystrokes n=(\d+) stale=(\d+) unpainted=(\d+) gap=([\d.]+) part=(\d+) ms=([\d.,]*)$/;

function key(at: number): KeyboardEvent {
  return { timeStamp: at } as KeyboardEvent;
}

function logged(): RegExpMatchArray[] {
  return backend.called('Settings.Log').map((a) => String(a[0]).match(LINE) ?? ['no match: ' + String(a[0])]);
}

describe('keystrokes', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    backend.reset();
  });

  it('times each key to the frame that shows an answer including it, and reports on close', async () => {
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => setTimeout(() => f(0), 0));
    const now = performance.now();
    keystrokes.keydown(key(now - 30));
    keystrokes.input(1);
    keystrokes.keydown(key(now));
    keystrokes.input(2);
    keystrokes.answered(2); // one answer, for the newest query: both keys are in it
    await new Promise((r) => setTimeout(r, 20)); // the frame, and the task after it
    keystrokes.report();
    const m = logged()[0] ?? [];
    expect(m[1]).toBe('2'); // n
    expect(m[2]).toBe('0'); // stale
    expect(m[3]).toBe('0'); // unpainted
    expect(Number(m[4])).toBeCloseTo(30, 0); // the gap between the keys
    const [first = NaN, second = NaN] = (m[6] ?? '').split(',').map(Number);
    expect(first).toBeGreaterThanOrEqual(30);
    expect(second).toBeGreaterThanOrEqual(0);
    expect(first - second).toBeCloseTo(30, 0);
  });

  it('counts an older answer drawn after a newer one as stale, and keys with no answer as unpainted', async () => {
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => setTimeout(() => f(0), 0));
    keystrokes.keydown(key(performance.now()));
    keystrokes.input(10);
    keystrokes.answered(10);
    await new Promise((r) => setTimeout(r, 10));
    keystrokes.answered(9);
    await new Promise((r) => setTimeout(r, 10));
    keystrokes.keydown(key(performance.now()));
    keystrokes.input(11);
    keystrokes.report();
    const m = logged()[0] ?? [];
    expect([m[1], m[2], m[3]]).toEqual(['1', '1', '1']);
  });

  it('says nothing for a palette closed without typing', () => {
    keystrokes.report();
    expect(backend.called('Settings.Log')).toEqual([]);
  });
});
