// Typed methods over the transport. Stores and components import `api` from here; tests mock this module.
import { normaliseError } from './errors';
import { IDLE_STATUS } from './status';
import { openInBrowser, transport, upload } from './transport';
import type {
  ApiError,
  Calendar,
  DayGroup,
  DayInfo,
  DayView,
  EventMap,
  ExportFormat,
  ExportScope,
  ForYouItem,
  ForYouView,
  FullText,
  FullTextRules,
  FullTextSettings,
  Hit,
  HotkeyState,
  ImportReport,
  LinkKind,
  Notice,
  Pending,
  PaperDetail,
  RangeView,
  ReadState,
  ReadingPosition,
  RisingItem,
  RisingWindow,
  SearchResult,
  SettingsInfo,
  Sort,
  SyncStatus,
  Topic,
  TopicFeed,
  UIKey,
  UISettings,
  View,
} from './types';

export type * from './types';
export { normaliseError, isApiError } from './errors';

type ErrorListener = (e: ApiError) => void;
const errorListeners = new Set<ErrorListener>();

/** onError lets the sync store learn that a call failed because Hugging Face is unreachable. */
export function onError(cb: ErrorListener): () => void {
  errorListeners.add(cb);
  return () => errorListeners.delete(cb);
}

async function call<T>(struct: string, method: string, ...args: unknown[]): Promise<T> {
  try {
    return (await transport().call(struct, method, args)) as T;
  } catch (e) {
    const err = normaliseError(e);
    for (const cb of errorListeners) cb(err);
    throw err;
  }
}

function arr<T>(v: T[] | null | undefined): T[] {
  return Array.isArray(v) ? v : [];
}

/** fixView guards against null slices from Go (and a backend that does not send isNew yet). */
function fixView(v: View): View {
  return { ...v, authors: arr(v.authors), aiKeywords: arr(v.aiKeywords), isNew: v.isNew === true };
}

function fixItem(i: ForYouItem): ForYouItem {
  return { ...i, paper: fixView(i.paper), topics: arr(i.topics), isNew: i.isNew === true };
}

export const api = {
  async days(): Promise<DayInfo[]> {
    return arr(await call<DayInfo[] | null>('Papers', 'Days'));
  },
  async day(date: string, sort: Sort): Promise<DayView> {
    const d = await call<DayView>('Papers', 'Day', date, sort);
    return { ...d, papers: arr(d.papers).map(fixView) };
  },
  async range(from: string, to: string, sort: Sort): Promise<RangeView> {
    const r = await call<RangeView>('Papers', 'Range', from, to, sort);
    const papers = arr(r.papers).map(fixView);
    const groups = Array.isArray(r.groups)
      ? r.groups.map((g) => ({ date: g.date, papers: arr(g.papers).map(fixView) }))
      : groupByDay(papers);
    return { ...r, papers, groups };
  },
  /** markLooked tells the backend the user has seen a day: its papers stop being New. */
  async markLooked(date: string): Promise<void> {
    await call<null>('Papers', 'MarkLooked', date);
  },
  async calendar(): Promise<Calendar> {
    const c = await call<Calendar>('Papers', 'Calendar');
    return { first: c?.first || FIRST_DAY, today: c?.today ?? '', days: arr(c?.days) };
  },
  async paper(id: string): Promise<PaperDetail> {
    const p = await call<PaperDetail>('Papers', 'Paper', id);
    return { ...p, paper: fixView(p.paper), links: arr(p.links), history: arr(p.history) };
  },
  setRead(id: string, read: boolean): Promise<ReadState> {
    return call<ReadState>('Papers', 'SetRead', id, read);
  },
  setSaved(id: string, saved: boolean): Promise<ReadState> {
    return call<ReadState>('Papers', 'SetSaved', id, saved);
  },
  async saved(): Promise<View[]> {
    return arr(await call<View[] | null>('Papers', 'Saved')).map(fixView);
  },
  bibtex(id: string): Promise<string> {
    return call<string>('Papers', 'BibTeX', id);
  },
  /** openLink asks Go to validate and open a paper's link; in browser mode the returned URL is opened here. */
  async openLink(id: string, kind: LinkKind): Promise<void> {
    const url = await call<string>('Papers', 'OpenLink', id, kind);
    if (transport().mode === 'http' && typeof url === 'string') openInBrowser(url);
  },
  /** fullText is a paper's full text when it is cached (the call counts as opening it), else its state. */
  async fullText(id: string): Promise<FullText> {
    return fixFullText(await call<FullText>('FullText', 'Get', id));
  },
  /** downloadFullText asks for a paper's full text now; fulltext:changed says when it lands. */
  async downloadFullText(id: string): Promise<FullText> {
    return fixFullText(await call<FullText>('FullText', 'Download', id));
  },
  /** fullTextPosition is where the reader was in a paper's full text (anchor "" when nowhere yet). */
  async fullTextPosition(id: string): Promise<ReadingPosition> {
    const p = await call<ReadingPosition | null>('FullText', 'Position', id);
    return {
      anchor: typeof p?.anchor === 'string' ? p.anchor : '',
      fraction: typeof p?.fraction === 'number' ? p.fraction : 0,
      updatedAt: typeof p?.updatedAt === 'string' ? p.updatedAt : '',
    };
  },
  async setFullTextPosition(id: string, pos: { anchor: string; fraction: number }): Promise<void> {
    await call<null>('FullText', 'SetPosition', id, { ...pos, updatedAt: '' });
  },
  async fullTextSettings(): Promise<FullTextSettings> {
    return fixFullTextSettings(await call<FullTextSettings>('FullText', 'Info'));
  },
  async setFullTextRules(rules: FullTextRules): Promise<FullTextSettings> {
    return fixFullTextSettings(await call<FullTextSettings>('FullText', 'SetRules', rules));
  },
  /** setFullTextBudget sets the disk full texts may take, in MB; the backend takes 50 to 10,000. */
  async setFullTextBudget(mb: number): Promise<FullTextSettings> {
    return fixFullTextSettings(await call<FullTextSettings>('FullText', 'SetBudget', mb));
  },
  /** startFullTexts fetches by the rules now, in the background (fulltext:progress). */
  async startFullTexts(): Promise<void> {
    await call<null>('FullText', 'Start');
  },
  async cancelFullTexts(): Promise<void> {
    await call<null>('FullText', 'Cancel');
  },
  /**
   * openTextLink opens a link from a paper's full text. In a browser tab it opens here (https
   * only); the desktop app asks Go (FullText.OpenLink), and rejects where that is not there yet.
   */
  async openTextLink(id: string, url: string): Promise<void> {
    if (transport().mode === 'http') {
      openInBrowser(url);
      return;
    }
    await call<string>('FullText', 'OpenLink', id, url);
  },
  async search(q: string, limit: number): Promise<SearchResult> {
    const r = await call<SearchResult | Hit[] | null>('Search', 'Query', q, limit);
    if (Array.isArray(r) || !r) {
      const hits = arr(r).map(fixHit);
      return { hits, total: hits.length, hint: '', partial: false };
    }
    const hits = arr(r.hits).map(fixHit);
    return {
      hits,
      total: Math.max(r.total ?? 0, hits.length),
      hint: typeof r.hint === 'string' ? r.hint : '',
      partial: r.partial === true,
    };
  },
  /** searchPending returns a search asked for from outside the window (paperboy --search, the system-wide key) while it was loading. */
  async searchPending(): Promise<Pending> {
    const p = await call<Pending | null>('Search', 'Pending');
    return { open: p?.open === true, query: typeof p?.query === 'string' ? p.query : '' };
  },

  async searchRemote(q: string, limit: number): Promise<Hit[]> {
    return arr(await call<Hit[] | null>('Search', 'Remote', q, limit)).map(fixHit);
  },
  async syncStart(scope: string, force: boolean): Promise<void> {
    await call<null>('Sync', 'Start', scope, force);
  },
  async syncStatus(): Promise<SyncStatus> {
    return fixStatus(await call<SyncStatus>('Sync', 'Status'));
  },
  async syncCancel(): Promise<void> {
    await call<null>('Sync', 'Cancel');
  },
  settingsInfo(): Promise<SettingsInfo> {
    return call<SettingsInfo>('Settings', 'Info');
  },
  async ui(): Promise<UISettings> {
    return { ...DEFAULT_UI, ...(await call<Partial<UISettings> | null>('Settings', 'UI')) };
  },
  /** setUI stores one UI preference; a value the backend does not accept rejects with code invalid. */
  async setUI<K extends UIKey>(key: K, value: UISettings[K]): Promise<void> {
    await call<null>('Settings', 'SetUI', key, value);
  },
  async clearCache(): Promise<void> {
    await call<null>('Settings', 'ClearCache');
  },
  async setSyncInterval(minutes: number): Promise<void> {
    await call<null>('Settings', 'SetSyncInterval', minutes);
  },
  /** setToken stores a Hugging Face token; "" clears it. */
  async setToken(token: string): Promise<void> {
    await call<null>('Settings', 'SetToken', token);
  },
  /** hotkey is the system-wide search key's setting and state. */
  hotkey(): Promise<HotkeyState> {
    return call<HotkeyState>('Settings', 'Hotkey');
  },
  /** setHotkey makes accel ("Ctrl+Alt+P") the key, or turns it off; a key another application holds rejects with code taken. */
  setHotkey(accel: string, enabled: boolean): Promise<HotkeyState> {
    return call<HotkeyState>('Settings', 'SetHotkey', accel, enabled);
  },
  setStartAtLogin(on: boolean): Promise<HotkeyState> {
    return call<HotkeyState>('Settings', 'SetStartAtLogin', on);
  },
  /** dismissSearch gives the focus back after the system-wide key brought the window up. */
  async dismissSearch(): Promise<void> {
    await call<null>('Settings', 'DismissSearch');
  },
  /** notices: what the backend found in the data directory (damage repaired, a read-only disk). */
  async notices(): Promise<Notice[]> {
    return arr(await call<Notice[] | null>('Settings', 'Notices'));
  },
  /** log writes a line to the backend's log; fire-and-forget, it never rejects. */
  async log(msg: string): Promise<void> {
    try {
      await transport().call('Settings', 'Log', [msg]);
    } catch {
      // the log is best effort
    }
  },
  async topics(): Promise<Topic[]> {
    return arr(await call<Topic[] | null>('Topics', 'List'));
  },
  createTopic(name: string, query: string): Promise<Topic> {
    return call<Topic>('Topics', 'Create', name, query);
  },
  updateTopic(id: string, name: string, query: string): Promise<Topic> {
    return call<Topic>('Topics', 'Update', id, name, query);
  },
  async deleteTopic(id: string): Promise<void> {
    await call<null>('Topics', 'Delete', id);
  },
  async forYou(): Promise<ForYouView> {
    const v = await call<ForYouView>('Topics', 'ForYou');
    return { items: arr(v?.items).map(fixItem), newCount: v?.newCount ?? 0 };
  },
  async topicFeed(id: string): Promise<TopicFeed> {
    const f = await call<TopicFeed>('Topics', 'Feed', id);
    return { ...f, items: arr(f.items).map(fixItem) };
  },
  /** markSeen clears the "new" marks of one topic, or of all with "". */
  async markSeen(id: string): Promise<void> {
    await call<null>('Topics', 'MarkSeen', id);
  },
  async rising(window: RisingWindow, limit: number): Promise<RisingItem[]> {
    return arr(await call<RisingItem[] | null>('Papers', 'Rising', window, limit)).map((r) => ({
      ...r,
      paper: fixView(r.paper),
      history: arr(r.history),
    }));
  },
  /** exportText returns an export file's text (browser mode downloads it). */
  exportText(format: ExportFormat, scope: ExportScope): Promise<string> {
    return call<string>('Library', 'Export', format, scope);
  },
  /** saveExport asks where to save with a native dialog (desktop only); "" when cancelled. */
  async saveExport(format: ExportFormat, scope: ExportScope): Promise<string> {
    return (await call<string | null>('Library', 'SaveExport', format, scope)) ?? '';
  },
  importLibrary(text: string): Promise<ImportReport> {
    return call<ImportReport>('Library', 'Import', text);
  },
  /** importFile imports a picked library file: streamed in browser mode, read and passed in the desktop app. */
  async importFile(file: File, read: (f: File) => Promise<string>): Promise<ImportReport> {
    if (transport().mode !== 'http') return this.importLibrary(await read(file));
    try {
      return (await upload('Library.Import', file)) as ImportReport;
    } catch (e) {
      const err = normaliseError(e);
      for (const cb of errorListeners) cb(err);
      throw err;
    }
  },
  /** mode: the desktop app (native dialogs) or a browser tab. */
  mode(): 'wails' | 'http' {
    return transport().mode;
  },
  on<K extends keyof EventMap>(event: K, cb: (data: EventMap[K]) => void): () => void {
    if (event === 'sync:status' || event === 'sync:done') {
      return transport().on(event, (d) => cb((d ? fixStatus(d as SyncStatus) : d) as EventMap[K]));
    }
    return transport().on(event, (d) => cb(d as EventMap[K]));
  },
};

/** The first day Hugging Face has Daily Papers for. */
export const FIRST_DAY = '2023-05-04';

export const DEFAULT_UI: UISettings = {
  theme: 'system',
  density: 'compact',
  layout: 'auto',
  lastView: '',
  topPerDay: 0,
  sort: 'upvotes',
};

export { IDLE_STATUS } from './status';

/** fixStatus fills what an older backend leaves out, so the UI reads one shape. */
function fixStatus(s: Partial<SyncStatus> | null): SyncStatus {
  const out = { ...IDLE_STATUS, ...(s ?? {}) };
  if (typeof out.etaSeconds !== 'number') out.etaSeconds = -1;
  if (out.waiting && typeof out.waiting !== 'object') out.waiting = null;
  return out;
}

/** groupByDay groups papers by their Daily Papers day, newest day first, keeping their order within a day. */
export function groupByDay(papers: View[]): DayGroup[] {
  const byDate = new Map<string, View[]>();
  for (const p of papers) {
    const list = byDate.get(p.day) ?? [];
    list.push(p);
    byDate.set(p.day, list);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([date, ps]) => ({ date, papers: ps }));
}

const FULLTEXT_STATES = ['none', 'queued', 'fetching', 'ready', 'missing', 'error'];

/** fixFullText guards the state (an unknown one reads as none) and the strings. */
function fixFullText(t: FullText): FullText {
  return {
    ...t,
    state: FULLTEXT_STATES.includes(t?.state) ? t.state : 'none',
    markdown: typeof t?.markdown === 'string' ? t.markdown : '',
    message: typeof t?.message === 'string' ? t.message : '',
    fetchedAt: typeof t?.fetchedAt === 'string' ? t.fetchedAt : '',
    retryAt: typeof t?.retryAt === 'string' ? t.retryAt : '',
    error: t?.error ?? null,
  };
}

function fixFullTextSettings(s: FullTextSettings): FullTextSettings {
  return { ...s, rules: { ...s.rules, topics: arr(s.rules?.topics) } };
}

function fixHit(h: Hit): Hit {
  return {
    ...h,
    paper: fixView(h.paper),
    title: arr(h.title),
    authors: arr(h.authors),
    snippet: arr(h.snippet),
  };
}

export type Api = typeof api;
