import { isDate, isMonth, weekStart } from '../format/dates';

export type Route =
  | { name: 'day'; date: string } // date "" = latest
  | { name: 'week'; date: string } // the Monday
  | { name: 'month'; month: string }
  | { name: 'paper'; id: string }
  | { name: 'saved' }
  | { name: 'search'; q: string } // the palette, over the last page
  | { name: 'results'; q: string } // every result of a search, as a list
  | { name: 'foryou' }
  | { name: 'topic'; id: string }
  | { name: 'rising'; window: 'day' | 'week' }
  | { name: 'settings' };

const LATEST: Route = { name: 'day', date: '' };

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function queryParam(query: string, name: string): string {
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    const k = eq >= 0 ? part.slice(0, eq) : part;
    if (k === name) return eq >= 0 ? decode(part.slice(eq + 1).replace(/\+/g, ' ')) : '';
  }
  return '';
}

/** parseRoute reads a location hash ("#/day/2026-05-26"); anything it does not know means the latest day. */
export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const qAt = h.indexOf('?');
  const path = qAt >= 0 ? h.slice(0, qAt) : h;
  const query = qAt >= 0 ? h.slice(qAt + 1) : '';
  const parts = path.split('/').filter(Boolean);
  const [head, arg = ''] = parts;
  switch (head) {
    case 'day':
      return isDate(arg) ? { name: 'day', date: arg } : LATEST;
    case 'week':
      return isDate(arg) ? { name: 'week', date: weekStart(arg) } : LATEST;
    case 'month':
      return isMonth(arg) ? { name: 'month', month: arg } : LATEST;
    case 'paper': {
      const id = decode(parts.slice(1).join('/'));
      return id ? { name: 'paper', id } : LATEST;
    }
    case 'saved':
      return { name: 'saved' };
    case 'search':
      return { name: 'search', q: queryParam(query, 'q') };
    case 'results': {
      const q = queryParam(query, 'q');
      return q.trim() ? { name: 'results', q } : LATEST;
    }
    case 'foryou':
      return { name: 'foryou' };
    case 'topic': {
      const id = decode(parts.slice(1).join('/'));
      return id ? { name: 'topic', id } : { name: 'foryou' };
    }
    case 'rising':
      if (parts.length === 1) return { name: 'rising', window: 'day' };
      return (arg === 'week' || arg === 'day') && parts.length === 2
        ? { name: 'rising', window: arg }
        : LATEST;
    case 'settings':
      return parts.length === 1 ? { name: 'settings' } : LATEST;
    default:
      return LATEST;
  }
}

/** formatRoute is parseRoute's inverse. */
export function formatRoute(r: Route): string {
  switch (r.name) {
    case 'day':
      return r.date ? `#/day/${r.date}` : '#/';
    case 'week':
      return `#/week/${r.date}`;
    case 'month':
      return `#/month/${r.month}`;
    case 'paper':
      return `#/paper/${encodeURIComponent(r.id)}`;
    case 'saved':
      return '#/saved';
    case 'search':
      return r.q ? `#/search?q=${encodeURIComponent(r.q)}` : '#/search';
    case 'results':
      return `#/results?q=${encodeURIComponent(r.q)}`;
    case 'foryou':
      return '#/foryou';
    case 'topic':
      return `#/topic/${encodeURIComponent(r.id)}`;
    case 'rising':
      return r.window === 'week' ? '#/rising/week' : '#/rising';
    case 'settings':
      return '#/settings';
  }
}

export function sameRoute(a: Route, b: Route): boolean {
  return formatRoute(a) === formatRoute(b);
}

class RouteStore {
  /** What the address says. */
  current = $state<Route>(LATEST);
  /** The page under the search palette: the last route that was not a search. */
  page = $state<Route>(LATEST);
  /** Where "Back" from a paper goes: the last list page. */
  lastList = $state<Route>(LATEST);

  /** The paper on screen was opened from the search palette: Esc goes back to the results. */
  fromPalette = $state(false);

  #started = false;

  /**
   * start follows the address. A launch without one lands on the newest day, or the newest week or
   * month when that is the kind of list the user last read (`launch`); never on an old paper.
   */
  start(launch: Route = LATEST): () => void {
    if (this.#started) return () => {};
    this.#started = true;
    const h = window.location.hash;
    if ((h === '' || h === '#') && formatRoute(launch) !== '#/') {
      history.replaceState(null, '', formatRoute(launch));
    }
    this.#sync();
    const onHash = () => this.#sync();
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener('hashchange', onHash);
      this.#started = false;
    };
  }

  #sync(): void {
    const r = parseRoute(window.location.hash);
    this.current = r;
    if (r.name !== 'search') {
      if (r.name !== 'paper') this.fromPalette = false;
      this.page = r;
      if (r.name !== 'paper' && r.name !== 'settings') this.lastList = r;
    }
  }

  /**
   * navigate follows a route the backend asked for (app:navigate, e.g. a notification click);
   * only in-app hashes are accepted.
   */
  navigate(hash: unknown): boolean {
    if (typeof hash !== 'string' || !hash.startsWith('#/') || hash.length > 2048) return false;
    this.go(parseRoute(hash));
    return true;
  }

  go(r: Route, opts: { replace?: boolean; fromPalette?: boolean } = {}): void {
    this.fromPalette = opts.fromPalette === true;
    const hash = formatRoute(r);
    if (window.location.hash === hash || (hash === '#/' && window.location.hash === '')) {
      this.#sync();
      return;
    }
    if (opts.replace) {
      history.replaceState(null, '', hash);
      this.#sync();
    } else {
      window.location.hash = hash;
      // hashchange fires asynchronously; update now so the UI does not lag a frame.
      this.#sync();
    }
  }
}

export const route = new RouteStore();
