import { beforeEach, describe, expect, it, vi } from 'vitest';
import { backend, makeTopic, makeView } from '../test/backend';
import { settings } from './settings.svelte';
import { topics } from './topics.svelte';

vi.mock('../api/transport', async () => (await import('../test/backend')).transportMock());

beforeEach(() => backend.reset());

describe('topics store', () => {
  it('loads the topics and the For you badge', async () => {
    backend.on('Topics.List', (() => [makeTopic({ newCount: 2, total: 5 })]) as never);
    backend.on('Topics.ForYou', (() => ({
      items: [{ paper: makeView(), topics: ['diffusion'], isNew: true }],
      newCount: 3,
    })) as never);
    await topics.load();
    expect(topics.list.map((t) => t.name)).toEqual(['diffusion']);
    expect(topics.newCount).toBe(3);
  });

  it('creates a topic named after its query and reloads', async () => {
    backend.on('Topics.Create', ((name: string, query: string) =>
      makeTopic({ id: 't9', name, query })) as never);
    const t = await topics.create('  ', '  author:hinton   >50 ');
    expect(backend.called('Topics.Create')).toEqual([['author:hinton   >50', 'author:hinton   >50']]);
    expect(t.id).toBe('t9');
    expect(backend.called('Topics.List')).toHaveLength(1);
  });

  it('finds a watched query whatever its case and spacing', async () => {
    backend.on('Topics.List', (() => [makeTopic({ query: 'Diffusion  Transformers' })]) as never);
    await topics.load();
    expect(topics.watching(' diffusion transformers')?.id).toBe('t1');
    expect(topics.watching('diffusion')).toBeUndefined();
  });

  it('marks one topic or all seen', async () => {
    backend.on('Topics.MarkSeen', (() => null) as never);
    await topics.markSeen();
    await topics.markSeen('t1');
    expect(backend.called('Topics.MarkSeen')).toEqual([[''], ['t1']]);
  });

  it('keeps an error to show', async () => {
    backend.on('Topics.List', (() => {
      throw { code: 'locked', message: 'Another Paperboy is running.' };
    }) as never);
    await topics.load();
    expect(topics.error).toEqual({ code: 'locked', message: 'Another Paperboy is running.' });
  });
});

describe('settings store', () => {
  it('sets the sync interval at once and takes it back on failure', async () => {
    await settings.load();
    expect(settings.info?.syncInterval).toBe(60);
    backend.on('Settings.SetSyncInterval', (() => {
      throw { code: 'invalid', message: 'No.' };
    }) as never);
    await expect(settings.setSyncInterval(15)).rejects.toEqual({ code: 'invalid', message: 'No.' });
    expect(settings.info?.syncInterval).toBe(60);
    backend.on('Settings.SetSyncInterval', (() => null) as never);
    await settings.setSyncInterval(0);
    expect(settings.info?.syncInterval).toBe(0);
    expect(backend.called('Settings.SetSyncInterval')).toEqual([[15], [0]]);
  });

  it('stores a token and only learns that one is set', async () => {
    let has = false;
    backend.on('Settings.SetToken', ((t: string) => {
      has = t !== '';
      return null;
    }) as never);
    backend.on('Settings.Info', (() => ({
      dataDir: '/d',
      cacheBytes: 0,
      papers: 0,
      days: 0,
      version: 'v',
      syncInterval: 0,
      hasToken: has,
    })) as never);
    await settings.setToken('hf_secret');
    expect(settings.info?.hasToken).toBe(true);
    expect(JSON.stringify(settings.info)).not.toContain('hf_secret');
    await settings.setToken('');
    expect(settings.info?.hasToken).toBe(false);
    expect(backend.called('Settings.SetToken')).toEqual([['hf_secret'], ['']]);
  });
});
