// Types of the backend API (see the contract). Every string in them is untrusted text.

export type Sort = 'upvotes' | 'newest';

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

export interface RangeView {
  from: string;
  to: string;
  papers: View[];
  count: number;
  unread: number;
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

export interface Hit {
  paper: View;
  score: number;
  field: string;
  remote: boolean;
  title: Seg[];
  authors: Seg[];
  snippet: Seg[];
}

export interface SyncStatus {
  running: boolean;
  done: number;
  total: number;
  date: string;
  message: string;
  lastSynced: string;
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
  'sync:progress': SyncStatus;
  'sync:done': SyncStatus;
  'papers:changed': { dates: string[] };
  'app:search': { query: string };
  'app:navigate': { route: string };
  'topics:new': { topics: { id: string; name: string; count: number }[]; total: number };
}
