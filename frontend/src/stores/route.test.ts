import { describe, expect, it, beforeEach } from 'vitest';
import { formatRoute, parseRoute, route, type Route } from './route.svelte';

describe('parseRoute', () => {
  const cases: { name: string; hash: string; want: Route }[] = [
    { name: 'empty is latest', hash: '', want: { name: 'day', date: '' } },
    { name: 'root is latest', hash: '#/', want: { name: 'day', date: '' } },
    { name: 'day', hash: '#/day/2026-05-26', want: { name: 'day', date: '2026-05-26' } },
    { name: 'impossible day is latest', hash: '#/day/2026-02-30', want: { name: 'day', date: '' } },
    { name: 'garbage day is latest', hash: '#/day/<script>', want: { name: 'day', date: '' } },
    { name: 'week snaps to monday', hash: '#/week/2026-05-28', want: { name: 'week', date: '2026-05-25' } },
    { name: 'week on monday', hash: '#/week/2026-05-25', want: { name: 'week', date: '2026-05-25' } },
    { name: 'month', hash: '#/month/2026-05', want: { name: 'month', month: '2026-05' } },
    { name: 'bad month', hash: '#/month/2026-13', want: { name: 'day', date: '' } },
    { name: 'paper', hash: '#/paper/2410.17243', want: { name: 'paper', id: '2410.17243' } },
    {
      name: 'old-style paper id',
      hash: '#/paper/hep-th%2F9901001',
      want: { name: 'paper', id: 'hep-th/9901001' },
    },
    { name: 'saved', hash: '#/saved', want: { name: 'saved' } },
    {
      name: 'search',
      hash: '#/search?q=author%3Ahinton%20%3E50',
      want: { name: 'search', q: 'author:hinton >50' },
    },
    { name: 'search with plus', hash: '#/search?q=llama+3', want: { name: 'search', q: 'llama 3' } },
    { name: 'search without q', hash: '#/search', want: { name: 'search', q: '' } },
    { name: 'unknown', hash: '#/settings/x', want: { name: 'day', date: '' } },
    { name: 'for you', hash: '#/foryou', want: { name: 'foryou' } },
    { name: 'topic', hash: '#/topic/t%2F1', want: { name: 'topic', id: 't/1' } },
    { name: 'topic without id', hash: '#/topic/', want: { name: 'foryou' } },
    { name: 'rising', hash: '#/rising', want: { name: 'rising', window: 'day' } },
    { name: 'rising day', hash: '#/rising/day', want: { name: 'rising', window: 'day' } },
    { name: 'rising week', hash: '#/rising/week', want: { name: 'rising', window: 'week' } },
    { name: 'rising year', hash: '#/rising/year', want: { name: 'day', date: '' } },
    { name: 'settings', hash: '#/settings', want: { name: 'settings' } },
    { name: 'results', hash: '#/results?q=llama%203', want: { name: 'results', q: 'llama 3' } },
    { name: 'results without q', hash: '#/results', want: { name: 'day', date: '' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(parseRoute(c.hash)).toEqual(c.want);
    });
  }
});

describe('formatRoute', () => {
  const cases: { name: string; route: Route; want: string }[] = [
    { name: 'latest', route: { name: 'day', date: '' }, want: '#/' },
    { name: 'day', route: { name: 'day', date: '2026-05-26' }, want: '#/day/2026-05-26' },
    { name: 'week', route: { name: 'week', date: '2026-05-25' }, want: '#/week/2026-05-25' },
    { name: 'month', route: { name: 'month', month: '2026-05' }, want: '#/month/2026-05' },
    { name: 'paper', route: { name: 'paper', id: 'hep-th/9901001' }, want: '#/paper/hep-th%2F9901001' },
    { name: 'saved', route: { name: 'saved' }, want: '#/saved' },
    { name: 'search', route: { name: 'search', q: 'a&b c' }, want: '#/search?q=a%26b%20c' },
    { name: 'for you', route: { name: 'foryou' }, want: '#/foryou' },
    { name: 'topic', route: { name: 'topic', id: 'a b' }, want: '#/topic/a%20b' },
    { name: 'rising', route: { name: 'rising', window: 'day' }, want: '#/rising' },
    { name: 'rising week', route: { name: 'rising', window: 'week' }, want: '#/rising/week' },
    { name: 'settings', route: { name: 'settings' }, want: '#/settings' },
    { name: 'results', route: { name: 'results', q: 'a b' }, want: '#/results?q=a%20b' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = formatRoute(c.route);
      expect(got).toBe(c.want);
      expect(parseRoute(got)).toEqual(c.route);
    });
  }
});

describe('route store', () => {
  beforeEach(() => {
    localStorage.clear();
    history.replaceState(null, '', '/');
  });

  it('lands a launch without an address on the newest day, whatever the web view stored', () => {
    localStorage.setItem('paperboy:route', '#/paper/2410.17243'); // what an older version kept
    const stop = route.start();
    expect(route.current).toEqual({ name: 'day', date: '' });
    expect(window.location.hash).toBe('');

    route.go({ name: 'paper', id: '2410.17243' });
    expect(route.page).toEqual({ name: 'paper', id: '2410.17243' });
    expect(route.lastList).toEqual({ name: 'day', date: '' });
    route.go({ name: 'search', q: 'x' });
    expect(route.current).toEqual({ name: 'search', q: 'x' });
    expect(route.page).toEqual({ name: 'paper', id: '2410.17243' });
    expect(localStorage.getItem('paperboy:route')).toBe('#/paper/2410.17243'); // untouched, unused
    stop();
  });

  it('lands on the newest week when a week is what was read last', () => {
    const stop = route.start({ name: 'week', date: '2026-05-25' });
    expect(route.current).toEqual({ name: 'week', date: '2026-05-25' });
    expect(window.location.hash).toBe('#/week/2026-05-25');
    stop();
  });

  it('keeps an explicit address (a reload, a notification)', () => {
    history.replaceState(null, '', '#/saved');
    const stop = route.start({ name: 'week', date: '2026-05-25' });
    expect(route.current).toEqual({ name: 'saved' });
    stop();
  });

  it('knows a paper was opened from the search palette until the page changes', () => {
    const stop = route.start();
    route.go({ name: 'paper', id: 'a' }, { fromPalette: true });
    expect(route.fromPalette).toBe(true);
    route.go({ name: 'paper', id: 'b' }, { replace: true });
    expect(route.fromPalette).toBe(false);
    route.go({ name: 'paper', id: 'c' }, { fromPalette: true });
    route.go({ name: 'saved' });
    expect(route.fromPalette).toBe(false);
    stop();
  });
});

describe('route.navigate', () => {
  beforeEach(() => {
    localStorage.clear();
    history.replaceState(null, '', '/');
  });

  const cases: { name: string; to: unknown; ok: boolean; want: string }[] = [
    { name: 'for you', to: '#/foryou', ok: true, want: '#/foryou' },
    { name: 'a day', to: '#/day/2026-05-26', ok: true, want: '#/day/2026-05-26' },
    { name: 'unknown in-app route goes to the latest day', to: '#/nowhere', ok: true, want: '' },
    { name: 'a web address', to: 'https://evil.example/#/foryou', ok: false, want: '' },
    { name: 'javascript', to: 'javascript:alert(1)', ok: false, want: '' },
    { name: 'a bare hash', to: '#foryou', ok: false, want: '' },
    { name: 'a relative path', to: '/foryou', ok: false, want: '' },
    { name: 'not a string', to: { route: '#/foryou' }, ok: false, want: '' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const stop = route.start();
      expect(route.navigate(c.to)).toBe(c.ok);
      expect(window.location.hash).toBe(c.want);
      expect(window.location.pathname).toBe('/');
      stop();
    });
  }

  it('does not make Settings the page Back returns to', () => {
    const stop = route.start();
    route.go({ name: 'foryou' });
    route.go({ name: 'settings' });
    expect(route.lastList).toEqual({ name: 'foryou' });
    stop();
  });
});
