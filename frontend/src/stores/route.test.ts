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

  it('restores the last page at launch and remembers new ones', () => {
    localStorage.setItem('paperboy:route', '#/day/2026-05-20');
    const stop = route.start();
    expect(route.current).toEqual({ name: 'day', date: '2026-05-20' });
    expect(window.location.hash).toBe('#/day/2026-05-20');

    route.go({ name: 'paper', id: '2410.17243' });
    expect(route.page).toEqual({ name: 'paper', id: '2410.17243' });
    expect(localStorage.getItem('paperboy:route')).toBe('#/paper/2410.17243');
    expect(route.lastList).toEqual({ name: 'day', date: '2026-05-20' });

    route.go({ name: 'search', q: 'x' });
    expect(route.current).toEqual({ name: 'search', q: 'x' });
    expect(route.page).toEqual({ name: 'paper', id: '2410.17243' });
    expect(localStorage.getItem('paperboy:route')).toBe('#/paper/2410.17243');
    stop();
  });

  it('keeps an explicit address over the remembered one', () => {
    localStorage.setItem('paperboy:route', '#/day/2026-05-20');
    history.replaceState(null, '', '#/saved');
    const stop = route.start();
    expect(route.current).toEqual({ name: 'saved' });
    stop();
  });
});
