import { afterEach, describe, expect, it, vi } from 'vitest';
import { normaliseError } from './errors';
import { api, onError } from './index';

describe('normaliseError', () => {
  const cases: { name: string; in: unknown; want: { code: string; message: string } }[] = [
    {
      name: 'object',
      in: { code: 'offline', message: 'No network' },
      want: { code: 'offline', message: 'No network' },
    },
    {
      name: 'JSON string from Wails',
      in: '{"code":"not_found","message":"No such paper"}',
      want: { code: 'not_found', message: 'No such paper' },
    },
    { name: 'code prefix', in: 'rate_limit: Slow down', want: { code: 'rate_limit', message: 'Slow down' } },
    { name: 'plain string', in: 'boom', want: { code: 'internal', message: 'boom' } },
    { name: 'Error', in: new Error('bad'), want: { code: 'internal', message: 'bad' } },
    { name: 'unknown code', in: { code: 'weird', message: 'm' }, want: { code: 'internal', message: 'm' } },
    { name: 'nothing', in: undefined, want: { code: 'internal', message: 'Something went wrong.' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(normaliseError(c.in)).toEqual(c.want);
    });
  }
});

describe('http transport', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('posts the args as a JSON array with the Paperboy header', async () => {
    const fetch = vi.fn(
      async () => new Response(JSON.stringify({ date: 'd', papers: null }), { status: 200 }),
    );
    vi.stubGlobal('fetch', fetch);
    const got = await api.day('2026-05-26', 'upvotes');
    expect(got.papers).toEqual([]);
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/Papers.Day');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['X-Paperboy']).toBe('1');
    expect(init.body).toBe('["2026-05-26","upvotes"]');
  });

  it('turns an error answer into {code, message} and tells the listeners', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify({ code: 'offline', message: 'Could not reach Hugging Face' }), {
            status: 503,
          }),
      ),
    );
    const seen: string[] = [];
    const off = onError((e) => seen.push(e.code));
    await expect(api.searchRemote('x', 5)).rejects.toEqual({
      code: 'offline',
      message: 'Could not reach Hugging Face',
    });
    expect(seen).toEqual(['offline']);
    off();
  });

  it('opens the validated link itself in browser mode', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify('https://arxiv.org/abs/1'), { status: 200 })),
    );
    const open = vi.fn();
    vi.stubGlobal('open', open);
    await api.openLink('1', 'arxiv');
    expect(open).toHaveBeenCalledWith('https://arxiv.org/abs/1', '_blank', 'noopener,noreferrer');
  });

  it('never opens a non-https link', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify('javascript:alert(1)'), { status: 200 })),
    );
    const open = vi.fn();
    vi.stubGlobal('open', open);
    await api.openLink('1', 'arxiv');
    expect(open).not.toHaveBeenCalled();
  });
});

describe('wails transport', () => {
  afterEach(() => {
    const w = window as unknown as Record<string, unknown>;
    delete w.go;
    delete w.runtime;
  });

  it('calls window.go and normalises its rejections', async () => {
    const Day = vi.fn(async () => ({ date: 'd', papers: [] }));
    const Paper = vi.fn(async () => {
      throw '{"code":"not_found","message":"No paper 1"}';
    });
    const w = window as unknown as Record<string, unknown>;
    w.go = { app: { Papers: { Day, Paper } } };
    w.runtime = { EventsOn: vi.fn(() => () => {}) };
    await api.day('', 'published');
    expect(Day).toHaveBeenCalledWith('', 'published');
    await expect(api.paper('1')).rejects.toEqual({ code: 'not_found', message: 'No paper 1' });
  });
});
