import { beforeEach, describe, expect, it, vi } from 'vitest';
import { backend, makeDay, makeView } from '../test/backend';

vi.mock('../api/transport', async () => (await import('../test/backend')).transportMock());

const { list } = await import('./day.svelte');

describe('list store', () => {
  beforeEach(() => backend.reset());

  it('loads a day, counts unread and drops repeated papers', async () => {
    const a = makeView({ id: 'a' });
    backend.on('Papers.Day', (() => makeDay([a, makeView({ id: 'b', read: true }), a])) as never);
    await list.show({ name: 'day', date: '2026-05-26' });
    expect(list.papers.map((p) => p.id)).toEqual(['a', 'b']);
    expect(list.unread).toBe(1);
  });

  it('saves at once and rolls back when the backend refuses', async () => {
    backend.on('Papers.Day', (() => makeDay([makeView({ id: 'a' })])) as never);
    await list.show({ name: 'day', date: '2026-05-27' });
    backend.on('Papers.SetSaved', (() => {
      throw { code: 'disk_full', message: 'The disk is full.' };
    }) as never);
    const pending = list.setSaved('a', true);
    expect(list.papers[0]?.saved).toBe(true);
    const err = await pending;
    expect(err).toEqual({ code: 'disk_full', message: 'The disk is full.' });
    expect(list.papers[0]?.saved).toBe(false);
  });

  it('loads week and month ranges with the right bounds', async () => {
    await list.show({ name: 'week', date: '2026-05-25' });
    await list.show({ name: 'month', month: '2026-02' });
    expect(backend.called('Papers.Range')).toEqual([
      ['2026-05-25', '2026-05-31', 'upvotes'],
      ['2026-02-01', '2026-02-28', 'upvotes'],
    ]);
  });

  it('moves the focus within the list', async () => {
    backend.on('Papers.Day', (() => makeDay([makeView({ id: 'a' }), makeView({ id: 'b' })])) as never);
    await list.show({ name: 'day', date: '2026-05-28' });
    list.move(1);
    expect(list.focus).toBe(0);
    list.move(1);
    list.move(1);
    expect(list.focus).toBe(1);
    list.move(-5);
    expect(list.focus).toBe(0);
  });
});
