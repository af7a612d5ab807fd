import { beforeEach, describe, expect, it, vi } from 'vitest';
import { backend, deferred, makeHit, makeView } from '../test/backend';
import type { Hit } from '../api/types';

vi.mock('../api/transport', async () => (await import('../test/backend')).transportMock());

const { search, PAGE, LOCAL_LIMIT } = await import('./search.svelte');

describe('search store', () => {
  beforeEach(() => backend.reset());

  it('runs one search at a time and then only the newest query, never showing a superseded answer', async () => {
    const slow = deferred<{ hits: Hit[] }>();
    backend.on('Search.Query', ((q: string) =>
      q === 'll' ? slow.promise : { hits: [makeHit(makeView({ id: 'new', title: q }))] }) as never);

    void search.setQuery('ll');
    void search.setQuery('lla');
    const last = search.setQuery('llama');
    await Promise.resolve();
    expect(backend.called('Search.Query').map((a) => a[0])).toEqual(['ll']);
    slow.resolve({ hits: [makeHit(makeView({ id: 'old', title: 'll' }))] });
    await last;

    expect(backend.called('Search.Query').map((a) => a[0])).toEqual(['ll', 'llama']);
    expect(search.query).toBe('llama');
    expect(search.hits.map((h) => h.paper.id)).toEqual(['new']);
    expect(search.answered).toBe(true);
  });

  it('asks for the rows it can show, and a page more on request', async () => {
    const many = Array.from({ length: 60 }, (_, i) => makeHit(makeView({ id: `p${i}` })));
    backend.on('Search.Query', ((_q: string, limit: number) => ({
      hits: many.slice(0, limit),
      total: 60,
    })) as never);
    await search.setQuery('x');
    expect(backend.called('Search.Query').at(-1)).toEqual(['x', PAGE]);
    expect(search.hits).toHaveLength(PAGE);
    await search.more();
    expect(search.hits).toHaveLength(2 * PAGE);
    expect(backend.called('Search.Query').at(-1)).toEqual(['x', 2 * PAGE]);
    for (let i = 0; i < 10; i++) await search.more();
    expect(search.hits).toHaveLength(LOCAL_LIMIT);
    expect(backend.called('Search.Query')).toHaveLength(LOCAL_LIMIT / PAGE);
  });

  it('appends remote hits after the Hugging Face entry, without duplicates', async () => {
    const local = makeView({ id: 'a' });
    backend.on('Search.Query', (() => ({ hits: [makeHit(local)] })) as never);
    backend.on('Search.Remote', (() => [makeHit(local), makeHit(makeView({ id: 'b' }))]) as never);
    await search.setQuery('x');
    await search.searchRemote();
    expect(search.remoteState).toBe('done');
    expect(
      search.items.map((i) => (i.kind === 'hit' ? `${i.hit.paper.id}:${i.hit.remote}` : 'remote')),
    ).toEqual(['a:false', 'remote', 'b:true']);
  });

  it('says offline when Hugging Face cannot be reached', async () => {
    backend.on('Search.Remote', (() => {
      throw { code: 'offline', message: 'Could not reach Hugging Face' };
    }) as never);
    await search.setQuery('x');
    await search.searchRemote();
    expect(search.remoteState).toBe('offline');
  });

  it('forgets remote results when the query changes', async () => {
    backend.on('Search.Remote', (() => [makeHit(makeView({ id: 'b' }))]) as never);
    await search.setQuery('x');
    await search.searchRemote();
    await search.setQuery('xy');
    expect(search.remoteState).toBe('idle');
    expect(search.remoteHits).toEqual([]);
  });
});
