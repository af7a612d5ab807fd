// The backend API's types. They come from the Go types (types.gen.ts, written by `make types`);
// this file only names a few of them as the frontend calls them, and adds the values of
// arguments the Go side takes as plain strings. Every string in them is untrusted text.
import type {
  Day,
  ErrorInfo,
  Events,
  Link,
  SearchPage,
  State,
  SyncStatus,
  UIState,
  Waiting,
} from './types.gen';

export type * from './types.gen';

/** An error as every call rejects with it; the code may be one this build does not know. */
export type ApiError = ErrorInfo;

/** upvotes: most upvoted first; published: by arXiv date, newest first (the date rows show). */
export type Sort = UIState['sort'];
export type ThemeSetting = UIState['theme'];
export type Density = UIState['density'];
export type Layout = UIState['layout'];
/** UI preferences, stored per data directory. */
export type UISettings = UIState;
export type UIKey = keyof UIState;

export type LinkKind = Link['kind'];
export type SearchResult = SearchPage;
export type SyncKind = SyncStatus['kind'];
export type SyncResult = SyncStatus['lastResult'];
export type SyncWaiting = Waiting;
export type CalendarDay = Day;
export type ReadState = State;
export type EventMap = Events;

export type RisingWindow = 'day' | 'week';
export type ExportFormat = 'bibtex' | 'markdown' | 'json';
/** "saved" | "all" | "date:YYYY-MM-DD" | "query:<q>" | "topic:<id>" */
export type ExportScope = string;

/** The state of a paper's full text (FullText.state). */
export type FullTextState = 'none' | 'queued' | 'fetching' | 'ready' | 'missing' | 'error';
