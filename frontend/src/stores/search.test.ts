import { beforeEach, describe, expect, it, vi } from 'vitest';
import { backend, deferred, makeHit, makeView } from '../test/backend';
import type { Hit } from '../api/types';

vi.mock('../api/transport', async () => (await import('../test/backend')).transportMock());

const { search } = await import('./search.svelte');

describe('search store', () => {
  beforeEach(() => backend.reset());

  it('drops a response that arrives after a newer query', async () => {
    const slow = deferred<{ hits: Hit[] }>();
    const fast = deferred<{ hits: Hit[] }>();
    backend.on('Search.Query', ((q: string) => (q === 'll' ? slow.promise : fast.promise)) as never);

    const first = search.setQuery('ll');
    const second = search.setQuery('llama');
    fast.resolve({ hits: [makeHit(makeView({ id: 'new', title: 'llama' }))] });
    await second;
    slow.resolve({ hits: [makeHit(makeView({ id: 'old', title: 'll' }))] });
    await first;

    expect(search.query).toBe('llama');
    expect(search.hits.map((h) => h.paper.id)).toEqual(['new']);
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
