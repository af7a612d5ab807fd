import { untrack } from 'svelte';

// Global keys. The page registers what j/k/o/s/m/[/] mean for it, in layers (the list, the paper
// pane over it); App owns the rest.

export interface ViewKeys {
  next?(): void;
  prev?(): void;
  open?(): void;
  save?(): void;
  read?(): void;
  prevPage?(): void;
  nextPage?(): void;
  back?(): void;
  bibtex?(): void;
  /** e: open the page's Export menu */
  exportMenu?(): void;
  /** Shift+A: mark everything on the page seen */
  seen?(): void;
  /** w: switch Rising between today and this week */
  toggle?(): void;
  /** n / p: the next / previous section of the full text on screen */
  nextSection?(): void;
  prevSection?(): void;
  /** d: download the full text of the paper on screen */
  download?(): void;
}

export interface AppKeys {
  search(q?: string): void;
  latest(): void;
  refresh(): void;
  theme(): void;
  help(): void;
  forYou?(): void;
  rising?(): void;
  settings?(): void;
  /** \: show or hide the sidebar on a narrow window */
  sidebar?(): void;
  /** c: the calendar, to go to any date */
  calendar?(): void;
  /** A page key with nothing to do on this page ("e" where nothing exports): say so. */
  unbound?(key: string): void;
  /** Letters arrived right after typing in a field (a search closed by accident): they were ignored. */
  typedAway?(): void;
}

export const KEYMAP: { keys: string[]; label: string; group: string }[] = [
  { keys: ['Ctrl K', '/'], label: 'Search papers', group: 'Anywhere' },
  { keys: ['g'], label: 'Latest day', group: 'Anywhere' },
  { keys: ['f'], label: 'For you: your topics', group: 'Anywhere' },
  { keys: ['r'], label: 'Rising papers', group: 'Anywhere' },
  { keys: [','], label: 'Settings', group: 'Anywhere' },
  { keys: ['\\'], label: 'Show / hide the sidebar (narrow window)', group: 'Anywhere' },
  { keys: ['[', ']'], label: 'Previous / next day (week, month)', group: 'Anywhere' },
  { keys: ['c'], label: 'Calendar: go to any date', group: 'Anywhere' },
  { keys: ['Ctrl R'], label: 'Sync with Hugging Face', group: 'Anywhere' },
  { keys: ['Shift T'], label: 'Theme: system, light, dark', group: 'Anywhere' },
  { keys: ['?'], label: 'Show these keys', group: 'Anywhere' },
  { keys: ['j', 'k'], label: 'Next / previous paper (in a paper too)', group: 'Lists' },
  { keys: ['o', 'Enter'], label: 'Open the paper (two panes: read it, focus the pane)', group: 'Lists' },
  { keys: ['s'], label: 'Save / unsave', group: 'Lists and papers' },
  { keys: ['m'], label: 'Mark read / unread', group: 'Lists and papers' },
  { keys: ['e'], label: 'Export menu (day, saved, topic)', group: 'Lists' },
  { keys: ['Shift A'], label: 'Mark all seen (For you, topic)', group: 'Lists' },
  { keys: ['w'], label: 'Rising: today / this week', group: 'Lists' },
  { keys: ['b'], label: 'Copy BibTeX', group: 'Papers' },
  { keys: ['n', 'p'], label: 'Next / previous section of the full text', group: 'Papers' },
  { keys: ['d'], label: 'Download the full text', group: 'Papers' },
  {
    keys: ['Esc', 'Backspace'],
    label: 'Back (to the search results, if you came from there)',
    group: 'Papers',
  },
  { keys: ['↑', '↓'], label: 'Move through results', group: 'Search' },
  { keys: ['Enter'], label: 'Open the result', group: 'Search' },
  { keys: ['Shift Enter'], label: 'All results as a list', group: 'Search' },
  { keys: ['Ctrl Enter'], label: 'Search Hugging Face', group: 'Search' },
  { keys: ['Ctrl S'], label: 'Watch this search (a topic)', group: 'Search' },
  { keys: ['Esc'], label: 'Close', group: 'Search' },
];

/** isTyping: keys typed into a field belong to the field. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color'].includes(type);
  }
  return false;
}

/** The page's key layers, lowest first: a later layer's action wins (reader: a paper's full text). */
export type Layer = 'list' | 'pane' | 'reader';
const LAYERS: Layer[] = ['list', 'pane', 'reader'];

class KeyboardStore {
  layers = $state.raw<Partial<Record<Layer, ViewKeys>>>({});
  helpOpen = $state(false);

  /** view: what the page's keys do now, the pane's over the list's. */
  view = $derived.by<ViewKeys>(() => {
    const out: ViewKeys = {};
    for (const l of LAYERS) {
      const keys = this.layers[l];
      if (!keys) continue;
      for (const [k, f] of Object.entries(keys)) if (f) (out as Record<string, unknown>)[k] = f;
    }
    return out;
  });

  /** register makes a layer's keys active until the returned function runs. */
  register(keys: ViewKeys, layer: Layer = 'list'): () => void {
    // Called from effects: reading the layers must not make the effect depend on them.
    untrack(() => (this.layers = { ...this.layers, [layer]: keys }));
    return () =>
      untrack(() => {
        if (this.layers[layer] !== keys) return;
        this.layers = Object.fromEntries(Object.entries(this.layers).filter(([l]) => l !== layer));
      });
  }
}

/**
 * TYPING_MS: letters less than this apart from the last one typed into a field are typing, not
 * commands. After an accidental Esc out of the search box, the rest of the word does not fire keys.
 */
export const TYPING_MS = 700;
let lastTyped = -Infinity;

/** The one-letter page keys: pressed where they mean nothing, they say so rather than do nothing. */
const PAGE_KEYS = ['j', 'k', 'o', 's', 'm', 'e', 'A', 'w', 'b', '[', ']', 'n', 'p', 'd'];

/** resetTyping forgets the last letter typed into a field (tests start from a quiet keyboard). */
export function resetTyping(): void {
  lastTyped = -Infinity;
}

/** Keys that are also typing: guarded right after typing in a field. */
function isTypingKey(key: string): boolean {
  return key.length === 1 || key === 'Backspace' || key === 'Enter';
}

export const keyboard = new KeyboardStore();

/**
 * handleKey dispatches one keydown; it returns true when it used the key. `modal` is true while the
 * palette or the help overlay owns the keyboard.
 */
export function handleKey(
  e: KeyboardEvent,
  app: AppKeys,
  view: ViewKeys,
  modal: boolean,
  now: number = performance.now(),
): boolean {
  if (e.isComposing) return false;
  if (isTyping(e.target) && !e.ctrlKey && !e.metaKey && isTypingKey(e.key)) lastTyped = now;
  if (e.defaultPrevented) return false;
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key;
  if (mod && !e.altKey && (key === 'k' || key === 'K')) {
    app.search();
    return true;
  }
  if (mod && !e.altKey && (key === 'r' || key === 'R')) {
    app.refresh(); // never let the webview reload the page
    return true;
  }
  if (key === 'F5') {
    app.refresh();
    return true;
  }
  if (modal || mod || e.altKey || isTyping(e.target)) return false;
  const action = actionFor(e, app, view);
  if (!action) {
    if (!PAGE_KEYS.includes(key) || now - lastTyped < TYPING_MS) return false;
    app.unbound?.(key);
    return true;
  }
  if (isTypingKey(key) && now - lastTyped < TYPING_MS) {
    lastTyped = now; // the word goes on, and so does the pause
    app.typedAway?.();
    return true;
  }
  action();
  return true;
}

/** actionFor is what a plain key does here, or undefined. */
function actionFor(e: KeyboardEvent, app: AppKeys, view: ViewKeys): (() => void) | undefined {
  switch (e.key) {
    case '/':
      return app.search;
    case '?':
      return app.help;
    case 'g':
      return app.latest;
    case 'T':
      return app.theme;
    case 'c':
      return app.calendar;
    case 'f':
      return app.forYou;
    case 'r':
      return app.rising;
    case ',':
      return app.settings;
    case '\\':
      return app.sidebar;
    case 'e':
      return view.exportMenu;
    case 'A':
      return view.seen;
    case 'w':
      return view.toggle;
    case 'j':
      return view.next;
    case 'k':
      return view.prev;
    case 'o':
      return view.open;
    case 'Enter': {
      // Enter on a button or link does what the button says; on a row or the page it opens.
      const t = e.target;
      if (t instanceof HTMLElement && t.closest('button, a, select, summary, input')) return undefined;
      return view.open;
    }
    case 's':
      return view.save;
    case 'm':
      return view.read;
    case '[':
      return view.prevPage;
    case ']':
      return view.nextPage;
    case 'b':
      return view.bibtex;
    case 'n':
      return view.nextSection;
    case 'p':
      return view.prevSection;
    case 'd':
      return view.download;
    case 'Escape':
    case 'Backspace':
      return view.back;
    default:
      return undefined;
  }
}
