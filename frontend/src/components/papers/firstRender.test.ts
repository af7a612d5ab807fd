import { afterEach, describe, expect, it, vi } from 'vitest';
import { backend } from '../../test/backend';
import { reportFirstRender, resetFirstRender } from './firstRender';

vi.mock('../../api/transport', async () => (await import('../../test/backend')).transportMock());

describe('reportFirstRender', () => {
  afterEach(() => {
    resetFirstRender();
    vi.restoreAllMocks();
    backend.reset();
  });

  it('logs once to the console and to the backend', async () => {
    vi.stubGlobal('requestAnimationFrame', (f: () => void) => f());
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    reportFirstRender(42);
    reportFirstRender(7);
    await vi.waitFor(() => expect(backend.called('Settings.Log')).toHaveLength(1));
    const msg = info.mock.calls[0]?.[0] as string;
    expect(msg).toMatch(/^paperboy: first-render cards=42 ms=\d+$/);
    expect(backend.called('Settings.Log')).toEqual([[msg]]);
    vi.unstubAllGlobals();
  });

  it('ignores a backend without the log', async () => {
    vi.stubGlobal('requestAnimationFrame', (f: () => void) => f());
    vi.spyOn(console, 'info').mockImplementation(() => {});
    const seen: unknown[] = [];
    backend.on('Settings.Log', (() => {
      throw { code: 'internal', message: 'no log' };
    }) as never);
    const { onError } = await import('../../api');
    const off = onError((e) => seen.push(e));
    reportFirstRender(1);
    await vi.waitFor(() => expect(backend.called('Settings.Log')).toHaveLength(1));
    await Promise.resolve();
    expect(seen).toEqual([]); // a failed log line is nobody's business
    off();
    vi.unstubAllGlobals();
  });
});
