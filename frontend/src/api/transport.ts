// The only module that touches window.go, window.runtime, fetch and EventSource.
import { normaliseError } from './errors';

type Fn = (...args: unknown[]) => Promise<unknown>;

interface WailsWindow {
  go?: Record<string, Record<string, Record<string, Fn | undefined> | undefined> | undefined>;
  runtime?: {
    EventsOn?: (name: string, cb: (...data: unknown[]) => void) => () => void;
  };
}

export interface Transport {
  readonly mode: 'wails' | 'http';
  call(struct: string, method: string, args: unknown[]): Promise<unknown>;
  on(event: string, cb: (data: unknown) => void): () => void;
}

function wailsWindow(): WailsWindow {
  return window as unknown as WailsWindow;
}

/** The desktop app: Wails' runtime.js defines window.runtime and window.go before our module runs. */
export function isWails(): boolean {
  const w = wailsWindow();
  return typeof w.runtime?.EventsOn === 'function' && typeof w.go === 'object';
}

const wails: Transport = {
  mode: 'wails',
  async call(struct, method, args) {
    const fn = wailsWindow().go?.app?.[struct]?.[method];
    if (typeof fn !== 'function') {
      throw { code: 'internal', message: `The app has no ${struct}.${method} method.` };
    }
    try {
      return await fn(...args);
    } catch (e) {
      throw normaliseError(e);
    }
  },
  on(event, cb) {
    const off = wailsWindow().runtime?.EventsOn?.(event, (data) => cb(data));
    return typeof off === 'function' ? off : () => {};
  },
};

let source: EventSource | null = null;

function eventSource(): EventSource | null {
  if (source) return source;
  if (typeof EventSource === 'undefined') return null;
  source = new EventSource('/api/events');
  return source;
}

const http: Transport = {
  mode: 'http',
  async call(struct, method, args) {
    let res: Response;
    try {
      res = await fetch(`/api/${struct}.${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Paperboy': '1' },
        body: JSON.stringify(args),
      });
    } catch {
      throw {
        code: 'internal',
        message: "Paperboy's local server can't be reached. Is `paperboy serve` running?",
      };
    }
    const text = await res.text();
    if (!res.ok) {
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the text
      }
      const err = normaliseError(body);
      if (!text) err.message = `The server answered ${res.status}.`;
      throw err;
    }
    if (!text) return null;
    try {
      return JSON.parse(text);
    } catch {
      throw { code: 'internal', message: 'The server sent an answer Paperboy could not read.' };
    }
  },
  on(event, cb) {
    const es = eventSource();
    if (!es) return () => {};
    const listener = (e: Event) => {
      const data = (e as MessageEvent<string>).data;
      try {
        cb(JSON.parse(data));
      } catch {
        cb(null);
      }
    };
    es.addEventListener(event, listener);
    return () => es.removeEventListener(event, listener);
  },
};

export function transport(): Transport {
  return isWails() ? wails : http;
}

/**
 * upload posts a file as a stream to the browser mode's upload of name ("Library.Import"), so a
 * library of hundreds of MB is never held in the page or the server whole.
 */
export async function upload(name: string, body: Blob): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`/api/upload/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Paperboy': '1' },
      body,
    });
  } catch {
    throw {
      code: 'internal',
      message: "Paperboy's local server can't be reached. Is `paperboy serve` running?",
    };
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    throw { code: 'internal', message: 'The server sent an answer Paperboy could not read.' };
  }
  if (!res.ok) throw normaliseError(parsed ?? text);
  return parsed;
}

/** Opens a validated https URL in a new browser tab (browser mode only). */
export function openInBrowser(url: string): void {
  if (!/^https:\/\//i.test(url)) return;
  window.open(url, '_blank', 'noopener,noreferrer');
}
