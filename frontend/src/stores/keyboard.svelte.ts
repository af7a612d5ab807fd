// Global keys. The active view registers what j/k/o/s/m/[/] mean for it; App owns the rest.

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
}

export const KEYMAP: { keys: string[]; label: string; group: string }[] = [
  { keys: ['Ctrl K', '/'], label: 'Search papers', group: 'Anywhere' },
  { keys: ['g'], label: 'Latest day', group: 'Anywhere' },
  { keys: ['f'], label: 'For you: your topics', group: 'Anywhere' },
  { keys: ['r'], label: 'Rising papers', group: 'Anywhere' },
  { keys: [','], label: 'Settings', group: 'Anywhere' },
  { keys: ['\\'], label: 'Show / hide the sidebar (narrow window)', group: 'Anywhere' },
  { keys: ['[', ']'], label: 'Previous / next day (week, month)', group: 'Anywhere' },
  { keys: ['Ctrl R'], label: 'Sync with Hugging Face', group: 'Anywhere' },
  { keys: ['t'], label: 'Theme: auto, light, dark', group: 'Anywhere' },
  { keys: ['?'], label: 'Show these keys', group: 'Anywhere' },
  { keys: ['j', 'k'], label: 'Next / previous paper', group: 'Lists' },
  { keys: ['o', 'Enter'], label: 'Open the paper', group: 'Lists' },
  { keys: ['s'], label: 'Save / unsave', group: 'Lists and papers' },
  { keys: ['m'], label: 'Mark read / unread', group: 'Lists and papers' },
  { keys: ['e'], label: 'Export menu (day, saved, topic)', group: 'Lists' },
  { keys: ['Shift A'], label: 'Mark all seen (For you, topic)', group: 'Lists' },
  { keys: ['w'], label: 'Rising: today / this week', group: 'Lists' },
  { keys: ['b'], label: 'Copy BibTeX', group: 'Papers' },
  { keys: ['Esc', 'Backspace'], label: 'Back', group: 'Papers' },
  { keys: ['↑', '↓'], label: 'Move through results', group: 'Search' },
  { keys: ['Enter'], label: 'Open the result', group: 'Search' },
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

class KeyboardStore {
  view = $state.raw<ViewKeys>({});
  helpOpen = $state(false);

  /** register makes a view's keys active until the returned function runs. */
  register(keys: ViewKeys): () => void {
    this.view = keys;
    return () => {
      if (this.view === keys) this.view = {};
    };
  }
}

export const keyboard = new KeyboardStore();

/**
 * handleKey dispatches one keydown; it returns true when it used the key. `modal` is true while the
 * palette or the help overlay owns the keyboard.
 */
export function handleKey(e: KeyboardEvent, app: AppKeys, view: ViewKeys, modal: boolean): boolean {
  if (e.defaultPrevented || e.isComposing) return false;
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

  const run = (f: (() => void) | undefined): boolean => {
    if (!f) return false;
    f();
    return true;
  };
  switch (key) {
    case '/':
      app.search();
      return true;
    case '?':
      app.help();
      return true;
    case 'g':
      app.latest();
      return true;
    case 't':
      app.theme();
      return true;
    case 'f':
      return run(app.forYou);
    case 'r':
      return run(app.rising);
    case ',':
      return run(app.settings);
    case '\\':
      return run(app.sidebar);
    case 'e':
      return run(view.exportMenu);
    case 'A':
      return run(view.seen);
    case 'w':
      return run(view.toggle);
    case 'j':
      return run(view.next);
    case 'k':
      return run(view.prev);
    case 'o':
      return run(view.open);
    case 'Enter': {
      // Enter on a button or link does what the button says; on a card or the page it opens.
      const t = e.target;
      if (t instanceof HTMLElement && t.closest('button, a, select, summary')) return false;
      return run(view.open);
    }
    case 's':
      return run(view.save);
    case 'm':
      return run(view.read);
    case '[':
      return run(view.prevPage);
    case ']':
      return run(view.nextPage);
    case 'b':
      return run(view.bibtex);
    case 'Escape':
    case 'Backspace':
      return run(view.back);
    default:
      return false;
  }
}
