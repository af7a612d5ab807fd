// A fake backend behind the real src/api: tests swap the transport, so error normalisation,
// onError listeners and the typed methods all run for real.
import { vi } from 'vitest';
import { IDLE_STATUS } from '../api/status';
import type { Transport } from '../api/transport';
import type {
  DayView,
  FullText,
  FullTextRules,
  FullTextSettings,
  Hit,
  SearchResult,
  SyncStatus,
  Topic,
  UISettings,
  View,
} from '../api/types';

type Handler = (...args: never[]) => unknown;

export function makeView(over: Partial<View> = {}): View {
  return {
    id: '2605.00001',
    title: 'A Paper',
    abstract: 'An abstract.',
    authors: ['Ada Lovelace', 'Alan Turing'],
    authorCount: 2,
    upvotes: 10,
    numComments: 1,
    day: '2026-05-26',
    publishedAt: '2026-05-25',
    githubRepo: '',
    githubStars: 0,
    projectPage: '',
    organization: '',
    aiSummary: '',
    aiKeywords: [],
    thumbnail: '',
    read: false,
    saved: false,
    isNew: false,
    ...over,
  };
}

export function makeDay(papers: View[], over: Partial<DayView> = {}): DayView {
  return {
    date: '2026-05-26',
    papers,
    count: papers.length,
    unread: papers.filter((p) => !p.read).length,
    prev: '2026-05-25',
    next: '',
    nearest: '',
    fetched: true,
    complete: true,
    fetchedAt: '2026-05-26T10:00:00Z',
    ...over,
  };
}

/** results wraps hits as Search.Query answers: all of them, no hint. */
export function results(hits: Hit[], over: Partial<SearchResult> = {}): SearchResult {
  return { hits, total: hits.length, hint: '', partial: false, ...over };
}

export function makeHit(p: View, over: Partial<Hit> = {}): Hit {
  return {
    paper: p,
    score: 1,
    field: 'title',
    remote: false,
    title: [{ t: p.title, m: false }],
    authors: [{ t: p.authors.join(', '), m: false }],
    snippet: [{ t: p.abstract, m: false }],
    section: '',
    ...over,
  };
}

export function makeTopic(over: Partial<Topic> = {}): Topic {
  return {
    id: 't1',
    name: 'diffusion',
    query: 'diffusion',
    created: '2026-05-20T10:00:00Z',
    lastSeen: '',
    newCount: 0,
    total: 0,
    ...over,
  };
}

export const idleStatus: SyncStatus = IDLE_STATUS;

/** status builds a SyncStatus from the idle one. */
export function makeStatus(over: Partial<SyncStatus> = {}): SyncStatus {
  return { ...idleStatus, ...over };
}

/** The UI settings the fake backend keeps (Settings.UI / Settings.SetUI), as the real one does per data dir. */
export const UI_DEFAULTS: UISettings = {
  theme: 'system',
  density: 'compact',
  layout: 'auto',
  lastView: '',
  topPerDay: 0,
  sort: 'upvotes',
};

const defaults: Record<string, Handler> = {
  'Papers.Days': () => [{ date: '2026-05-26', count: 1, complete: true, fetchedAt: '' }],
  'Papers.Day': () => makeDay([makeView()]),
  'Papers.Range': (from: string, to: string) => ({ from, to, papers: [], groups: [], count: 0, unread: 0 }),
  'Papers.Calendar': () => ({
    first: '2023-05-04',
    today: '2026-05-26',
    days: [{ date: '2026-05-26', count: 1, complete: true }],
  }),
  'Papers.MarkLooked': () => null,
  'Papers.Saved': () => [],
  'Papers.SetRead': (_id: string, read: boolean) => ({ read, saved: false }),
  'Papers.SetSaved': (_id: string, saved: boolean) => ({ read: false, saved }),
  'Search.Query': (): SearchResult => ({ hits: [], total: 0, hint: '', partial: false }),
  'Search.Remote': () => [],
  'Search.Pending': () => ({ open: false, query: '' }),
  'Sync.Status': () => idleStatus,
  'Sync.Start': () => null,
  'Sync.Cancel': () => null,
  'Settings.Log': () => null,
  'Settings.Notices': () => [],
  'Settings.Hotkey': () => ({
    accelerator: 'Ctrl+Alt+P',
    enabled: false,
    backend: 'x11',
    status: 'Off.',
    error: null,
    startAtLogin: false,
    startAtLoginSupported: true,
  }),
  'Settings.UI': () => ({ ...backend.ui }),
  'Settings.SetUI': (key: keyof UISettings, value: never) => {
    backend.ui = { ...backend.ui, [key]: value };
    return null;
  },
  'Settings.Info': () => ({
    dataDir: '/home/ada/.local/share/paperboy',
    cacheBytes: 12_345_678,
    papers: 321,
    days: 14,
    version: '1.0.0',
    syncInterval: 60,
    hasToken: false,
  }),
  'Topics.List': () => [],
  'Topics.ForYou': () => ({ items: [], newCount: 0 }),
  'Papers.Rising': () => [],
  'FullText.Get': (id: string) => makeFullText({ id }),
  'FullText.Download': (id: string) =>
    makeFullText({ id, state: 'queued', message: 'Waiting to download the full text' }),
  'FullText.Position': () => ({ anchor: '', fraction: 0, updatedAt: '' }),
  'FullText.SetPosition': () => null,
  'FullText.Info': () => makeFullTextSettings(),
  'FullText.SetRules': (rules: FullTextRules) => makeFullTextSettings({ rules }),
  'FullText.SetBudget': (mb: number) => makeFullTextSettings({ budgetMB: mb, budgetBytes: mb * 1e6 }),
  'FullText.Start': () => null,
  'FullText.Cancel': () => null,
};

/** A paper's full text as FullText.Get answers: not downloaded, unless over says otherwise. */
export function makeFullText(over: Partial<FullText> = {}): FullText {
  return {
    id: '2605.00001',
    state: 'none',
    markdown: '',
    size: 0,
    fetchedAt: '',
    message: 'Not downloaded yet',
    error: null,
    retryAt: '',
    ...over,
  };
}

export function makeFullTextSettings(over: Partial<FullTextSettings> = {}): FullTextSettings {
  return {
    bytesUsed: 12_500_000,
    textBytes: 37_000_000,
    texts: 120,
    savedBytes: 2_000_000,
    budgetMB: 500,
    budgetBytes: 500_000_000,
    missing: 3,
    failed: 1,
    indexed: 120,
    rules: { saved: true, topics: [], minUpvotes: 0 },
    progress: {
      running: false,
      done: 0,
      total: 0,
      fetched: 0,
      failed: 0,
      current: '',
      message: '',
      waiting: null,
      error: null,
    },
    ...over,
  };
}

class FakeBackend {
  handlers = new Map<string, Handler>();
  /** The transport's mode: 'wails' makes the app behave as the desktop build. */
  mode: 'wails' | 'http' = 'http';
  listeners = new Map<string, Set<(d: unknown) => void>>();
  calls: { name: string; args: unknown[] }[] = [];
  /** What Settings.UI answers; Settings.SetUI writes it. */
  ui: UISettings = { ...UI_DEFAULTS };

  constructor() {
    this.reset();
  }

  reset(): void {
    this.handlers = new Map(Object.entries(defaults));
    this.calls = [];
    this.mode = 'http';
    this.ui = { ...UI_DEFAULTS };
  }

  /** on sets what Struct.Method answers; a throw becomes a rejection, as from Go. */
  on(name: string, fn: Handler): void {
    this.handlers.set(name, fn);
  }

  emit(event: string, data: unknown): void {
    for (const cb of this.listeners.get(event) ?? []) cb(data);
  }

  called(name: string): unknown[][] {
    return this.calls.filter((c) => c.name === name).map((c) => c.args);
  }

  transport: Transport = {
    get mode() {
      return backend.mode;
    },
    call: async (struct, method, args) => {
      const name = `${struct}.${method}`;
      this.calls.push({ name, args });
      const fn = this.handlers.get(name);
      if (!fn) throw { code: 'internal', message: `no fake for ${name}` };
      return await (fn as (...a: unknown[]) => unknown)(...args);
    },
    on: (event, cb) => {
      const set = this.listeners.get(event) ?? new Set();
      set.add(cb);
      this.listeners.set(event, set);
      return () => set.delete(cb);
    },
  };
}

// One fake per test file, shared by every copy of this module (tests may reset the module graph).
const g = globalThis as { __paperboyBackend?: FakeBackend };
export const backend: FakeBackend = (g.__paperboyBackend ??= new FakeBackend());

/** transportMock is the factory for vi.mock('…/api/transport'). */
export function transportMock() {
  return {
    transport: () => backend.transport,
    isWails: () => false,
    openInBrowser: vi.fn(),
    // browser mode's streamed upload: the fake sees the file's text as the method's one argument
    upload: async (name: string, body: Blob) => {
      const [struct, method] = name.split('.');
      const text = await new Promise<string>((resolve, reject) => {
        const r = new FileReader(); // jsdom's Blob has no text()
        r.onload = () => resolve(String(r.result));
        r.onerror = () => reject(r.error);
        r.readAsText(body);
      });
      return backend.transport.call(struct ?? '', method ?? '', [text]);
    },
  };
}

/** deferred gives a promise and its resolve, to order responses by hand. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
} {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
