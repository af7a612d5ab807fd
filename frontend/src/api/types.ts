// Types of the backend API (see the contract). Every string in them is untrusted text.

/** upvotes: most upvoted first; published: by arXiv date, newest first (the date rows show). */
export type Sort = 'upvotes' | 'published';

export type ErrorCode =
  | 'internal'
  | 'invalid'
  | 'not_found'
  | 'offline'
  | 'rate_limit'
  | 'upstream'
  | 'locked'
  | 'disk_full'
  | 'canceled';

export interface ApiError {
  code: ErrorCode | string;
  message: string;
}

export interface View {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  authorCount: number;
  upvotes: number;
  numComments: number;
  day: string;
  publishedAt: string;
  githubRepo: string;
  githubStars: number;
  projectPage: string;
  organization: string;
  aiSummary: string;
  aiKeywords: string[];
  thumbnail: string;
  read: boolean;
  saved: boolean;
  /** New since the user last looked at that day. */
  isNew: boolean;
}

export interface DayInfo {
  date: string;
  count: number;
  complete: boolean;
  fetchedAt: string;
  /** Not in the contract yet: shown when the backend sends it. */
  unread?: number;
}

export interface DayView {
  date: string;
  papers: View[];
  count: number;
  unread: number;
  prev: string;
  next: string;
  nearest: string;
  fetched: boolean;
  complete: boolean;
  fetchedAt: string;
}

export interface DayGroup {
  date: string;
  papers: View[];
}

export interface RangeView {
  from: string;
  to: string;
  /** Every paper once (a paper listed on two days is here once). */
  papers: View[];
  /** The days, newest first, each sorted by the sort asked for; a paper listed on two days is in both. */
  groups: DayGroup[];
  count: number;
  unread: number;
}

export interface CalendarDay {
  date: string;
  count: number;
  complete: boolean;
}

export interface Calendar {
  /** The first Daily Papers date (2023-05-04). */
  first: string;
  /** Today in UTC, the last date there can be papers for. */
  today: string;
  /** Every fetched day, 0-paper days included, newest first. */
  days: CalendarDay[];
}

export type LinkKind = 'hf' | 'arxiv' | 'pdf' | 'github' | 'project';

export interface Link {
  kind: LinkKind;
  label: string;
  url: string;
}

export interface Point {
  at: string;
  upvotes: number;
  githubStars: number;
}

export interface PaperDetail {
  paper: View;
  links: Link[];
  history: Point[];
  submittedBy: string;
}

export interface Seg {
  t: string;
  m: boolean;
}

export interface SearchResult {
  /** The best matches, at most the limit asked for. */
  hits: Hit[];
  /** How many papers match in all. */
  total: number;
  /** How to write a filter the query got wrong ("upvotes>50" → "upvotes:>50"); "" when it is fine. */
  hint: string;
  /** The index was still loading: the hits cover part of the library (search:ready says when it is done). */
  partial: boolean;
}

export interface Hit {
  paper: View;
  score: number;
  field: string;
  remote: boolean;
  title: Seg[];
  authors: Seg[];
  snippet: Seg[];
}

export type SyncKind = 'recent' | 'day' | 'range';

export type SyncResult = '' | 'ok' | 'partial' | 'failed' | 'canceled';

export interface SyncWaiting {
  /** rate_limit: Hugging Face asked to slow down; retry: a request failed and will be retried; slow: a request is taking long. */
  reason: 'rate_limit' | 'retry' | 'slow' | string;
  message: string;
  /** RFC 3339: when the next attempt is due ("" when unknown). */
  until: string;
}

/** The one source of truth for sync and connection state: sent on every change as sync:status. */
export interface SyncStatus {
  running: boolean;
  kind: SyncKind | '';
  /** Days done of total in this run. */
  done: number;
  total: number;
  /** Papers stored by this run. */
  papers: number;
  /** The last day finished. */
  date: string;
  /** RFC 3339. */
  startedAt: string;
  /** Seconds left, -1 when unknown. */
  etaSeconds: number;
  message: string;
  waiting: SyncWaiting | null;
  /** RFC 3339; set only by a sync that succeeded. */
  lastSynced: string;
  lastResult: SyncResult;
  /** False only after a request failed to reach Hugging Face, until the next success. */
  online: boolean;
  error: ApiError | null;
}

export interface SettingsInfo {
  dataDir: string;
  cacheBytes: number;
  papers: number;
  days: number;
  version: string;
  /** Minutes between background syncs; 0 = off. */
  syncInterval: number;
  /** Whether a Hugging Face token is stored; the token itself never comes back. */
  hasToken: boolean;
}

export type ThemeSetting = 'system' | 'light' | 'dark';
export type Density = 'compact' | 'cards';
export type Layout = 'auto' | 'two-pane' | 'single';

/** UI preferences, stored per data directory. */
export interface UISettings {
  theme: ThemeSetting;
  density: Density;
  layout: Layout;
  /** The last list read, as an address ("#/week/2026-05-25"): a launch opens the newest of its kind. */
  lastView: string;
  /** Week and month views: show this many papers per day, 0 = all. */
  topPerDay: number;
  /** Not in the contract yet: kept when the backend sends it. */
  sort?: Sort;
}

export type UIKey = keyof UISettings;

export interface Topic {
  id: string;
  name: string;
  query: string;
  created: string;
  lastSeen: string;
  newCount: number;
  total: number;
}

export interface ForYouItem {
  paper: View;
  /** Names of the topics the paper matched. */
  topics: string[];
  isNew: boolean;
}

export interface ForYouView {
  items: ForYouItem[];
  newCount: number;
}

export interface TopicFeed {
  topic: Topic;
  items: ForYouItem[];
}

export type RisingWindow = 'day' | 'week';

export interface RisingItem {
  paper: View;
  /** Upvotes gained in the window. */
  gain: number;
  history: Point[];
}

export type ExportFormat = 'bibtex' | 'markdown' | 'json';

/** "saved" | "all" | "date:YYYY-MM-DD" | "query:<q>" | "topic:<id>" */
export type ExportScope = string;

export interface ImportReport {
  papers: number;
  states: number;
  topics: number;
  settings: number;
}

export interface ReadState {
  read: boolean;
  saved: boolean;
}

export interface EventMap {
  'sync:status': SyncStatus;
  'sync:done': SyncStatus;
  'papers:changed': { dates: string[] };
  'app:search': { query: string };
  'search:ready': { papers: number };
  'app:navigate': { route: string };
  'topics:new': { topics: { id: string; name: string; count: number }[]; total: number };
}
