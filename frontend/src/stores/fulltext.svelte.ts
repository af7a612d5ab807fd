// Full texts: the one on screen (its state, its Markdown once cached, where the reader was), and
// what Settings → Full text shows (space, budget, rules, the running downloads). The backend says
// when a paper's text changes (fulltext:changed) and how a run goes (fulltext:progress).
import { api } from '../api';
import type {
  ApiError,
  FullText,
  FullTextChanged,
  FullTextProgress,
  FullTextRules,
  FullTextSettings,
  FullTextState,
  ReadingPosition,
} from '../api';

/** OPEN_AFTER_MS: a paper shown this long in the reading pane loads its full text (j held down does not). */
export const OPEN_AFTER_MS = 250;
/** SAVE_POSITION_MS: the reading position is saved this long after scrolling stops. */
export const SAVE_POSITION_MS = 800;

let listening = false;

/** listen subscribes both stores to the backend's full-text events, once. */
function listen(): void {
  if (listening) return;
  listening = true;
  api.on('fulltext:changed', (e) => {
    if (e && typeof e.id === 'string') reader.changed(e);
  });
  api.on('fulltext:progress', (p) => {
    if (p && typeof p === 'object') fullTextSettings.progressed(p);
  });
}

class ReaderStore {
  id = $state('');
  /** The paper's full text as the backend last said: raw, as the Markdown can be megabytes. */
  text = $state.raw<FullText | null>(null);
  position = $state.raw<ReadingPosition | null>(null);
  loading = $state(false);
  error = $state<ApiError | null>(null);
  /** Why the last download asked for here did not happen (offline, rate limited), from fulltext:changed. */
  note = $state('');
  /** A download asked for here is on its way to the backend. */
  asking = $state(false);
  /** Where the next opening of a paper's text goes: a search hit's section (see goTo). */
  #section = { id: '', heading: '' };
  #seq = 0;

  get state(): FullTextState | '' {
    return (this.text?.state as FullTextState | undefined) ?? '';
  }

  /** open loads id's full text (when cached) and reading position; the backend counts it as opened. */
  async open(id: string): Promise<void> {
    listen();
    const n = ++this.#seq;
    if (id !== this.id) {
      this.id = id;
      this.text = null;
      this.position = null;
      this.note = '';
    }
    this.loading = true;
    this.error = null;
    try {
      const [text, position] = await Promise.all([
        api.fullText(id),
        api.fullTextPosition(id).catch(() => null),
      ]);
      if (n !== this.#seq) return;
      this.text = text;
      this.position = position;
    } catch (e) {
      if (n !== this.#seq) return;
      this.error = e as ApiError;
    } finally {
      if (n === this.#seq) this.loading = false;
    }
  }

  /**
   * goTo makes the next opening of id's full text start at the section headed heading, rather than
   * where the reader was: what opening a search hit that matched in the text asks for
   * (Hit.field "text", Hit.section).
   */
  goTo(id: string, heading: string): void {
    this.#section = { id, heading };
  }

  /** sectionFor is the section id's text is to open at ("" for none), once: it is forgotten as it is read. */
  sectionFor(id: string): string {
    if (this.#section.id !== id) return '';
    const h = this.#section.heading;
    this.#section = { id: '', heading: '' };
    return h;
  }

  /** refresh asks for the state again (a fulltext:changed for this paper). */
  async #refresh(): Promise<void> {
    const id = this.id;
    const n = ++this.#seq;
    try {
      const text = await api.fullText(id);
      if (n === this.#seq) this.text = text;
    } catch (e) {
      if (n === this.#seq) this.error = e as ApiError;
    }
  }

  /** download asks for the full text now, ahead of the rules. */
  async download(): Promise<ApiError | null> {
    const id = this.id;
    if (!id) return null;
    listen();
    this.asking = true;
    this.note = '';
    try {
      const text = await api.downloadFullText(id);
      if (id === this.id) this.text = text;
      return null;
    } catch (e) {
      return e as ApiError;
    } finally {
      this.asking = false;
    }
  }

  changed(e: FullTextChanged): void {
    if (e.id !== this.id) return;
    // A download that could not start (offline) comes back as "none" with the reason.
    this.note = e.state === 'none' ? e.message : '';
    if (this.text && (e.state === 'queued' || e.state === 'fetching')) {
      this.text = { ...this.text, state: e.state, message: e.message };
      return;
    }
    void this.#refresh();
  }

  /** savePosition records where the reader is; a failure is not worth a word. */
  async savePosition(id: string, anchor: string, fraction: number): Promise<void> {
    const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
    if (id === this.id) this.position = { anchor, fraction: f, updatedAt: new Date().toISOString() };
    try {
      await api.setFullTextPosition(id, { anchor, fraction: f });
    } catch {
      // the next scroll saves it again
    }
  }

  clear(): void {
    this.#seq++;
    this.id = '';
    this.text = null;
    this.position = null;
    this.error = null;
    this.note = '';
    this.loading = false;
  }
}

export const reader = new ReaderStore();

class FullTextSettingsStore {
  info = $state<FullTextSettings | null>(null);
  /** The current or last run, from the last fulltext:progress (or Info). */
  progress = $state<FullTextProgress | null>(null);
  loading = $state(false);
  error = $state<ApiError | null>(null);
  #seq = 0;
  /** fulltext:progress events seen: an Info asked for before the last one has older progress. */
  #events = 0;

  /** load asks for the settings; withProgress: and the run's progress (not after an event brought newer). */
  async load(withProgress = true): Promise<void> {
    listen();
    const n = ++this.#seq;
    const events = withProgress ? this.#events : -1;
    this.loading = true;
    try {
      const info = await api.fullTextSettings();
      if (n !== this.#seq) return;
      this.info = info;
      if (events === this.#events) this.progress = info.progress;
      this.error = null;
    } catch (e) {
      if (n !== this.#seq) return;
      this.error = e as ApiError;
    } finally {
      if (n === this.#seq) this.loading = false;
    }
  }

  progressed(p: FullTextProgress): void {
    const ended = this.progress?.running && !p.running;
    this.#events++;
    this.progress = p;
    // The space used changed: ask again when a run ends (or moved on, while Settings shows it).
    if (this.info && (ended || p.done !== (this.info.progress?.done ?? -1))) void this.load(false);
  }

  async setRules(rules: FullTextRules): Promise<ApiError | null> {
    try {
      const info = await api.setFullTextRules(rules);
      this.info = info;
      return null;
    } catch (e) {
      return e as ApiError;
    }
  }

  async setBudget(mb: number): Promise<ApiError | null> {
    try {
      this.info = await api.setFullTextBudget(mb);
      return null;
    } catch (e) {
      return e as ApiError;
    }
  }

  async start(): Promise<ApiError | null> {
    try {
      await api.startFullTexts();
      return null;
    } catch (e) {
      return e as ApiError;
    }
  }

  async cancel(): Promise<void> {
    try {
      await api.cancelFullTexts();
    } catch {
      // nothing was running
    }
  }
}

export const fullTextSettings = new FullTextSettingsStore();
