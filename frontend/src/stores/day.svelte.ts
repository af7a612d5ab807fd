// The paper list under the current page: a day, a week, a month, the saved papers, the topic feeds or Rising.
import { api } from '../api';
import type { ApiError, DayView, ForYouItem, Point, RangeView, ReadState, Sort, Topic, View } from '../api';
import { addDays, monthRange } from '../format/dates';
import { days } from './days.svelte';
import type { Route } from './route.svelte';

export type ListRoute = Extract<
  Route,
  { name: 'day' | 'week' | 'month' | 'saved' | 'foryou' | 'topic' | 'rising' }
>;

/** What a feed knows about a paper beyond its card: the topics it matched, or how fast it rises. */
export interface Extra {
  topics?: string[];
  gain?: number;
  history?: Point[];
}

export const RISING_LIMIT = 50;

const SORT_KEY = 'paperboy:sort';

function loadSort(): Sort {
  try {
    return localStorage.getItem(SORT_KEY) === 'newest' ? 'newest' : 'upvotes';
  } catch {
    return 'upvotes';
  }
}

export function listKey(r: ListRoute): string {
  switch (r.name) {
    case 'day':
      return `day:${r.date}`;
    case 'week':
      return `week:${r.date}`;
    case 'month':
      return `month:${r.month}`;
    case 'saved':
      return 'saved';
    case 'foryou':
      return 'foryou';
    case 'topic':
      return `topic:${r.id}`;
    case 'rising':
      return `rising:${r.window}`;
  }
}

function fromItems(items: ForYouItem[]): { papers: View[]; extras: Record<string, Extra> } {
  const extras: Record<string, Extra> = Object.create(null) as Record<string, Extra>;
  const papers = items.map((i) => {
    extras[i.paper.id] = { topics: i.topics };
    return i.isNew && !i.paper.isNew ? { ...i.paper, isNew: true } : i.paper;
  });
  return { papers, extras };
}

/** uniqueById keeps the first of any repeated paper: a keyed list must not see a key twice. */
function uniqueById(papers: View[]): View[] {
  const seen: Record<string, true> = Object.create(null) as Record<string, true>;
  return papers.filter((p) => {
    if (seen[p.id]) return false;
    seen[p.id] = true;
    return true;
  });
}

class ListStore {
  key = $state('');
  route = $state<ListRoute | null>(null);
  sort = $state<Sort>(loadSort());
  loading = $state(false);
  error = $state<ApiError | null>(null);
  day = $state<DayView | null>(null);
  range = $state<RangeView | null>(null);
  papers = $state<View[]>([]);
  /** Per paper id: topic names (For you, topic feeds) or gain and history (Rising). */
  extras = $state.raw<Record<string, Extra>>({});
  /** The topic of a topic feed. */
  topic = $state<Topic | null>(null);
  /** How many items of For you or a topic feed are new. */
  newCount = $state(0);
  /** The key of the page whose papers are shown ("" while the first load runs). */
  loadedKey = $state('');
  /** The index of the card j/k moved to; -1 before any. */
  focus = $state(-1);
  /** Bumped after a load that replaced the papers, so the view can report its first render. */
  loads = $state(0);

  unread = $derived(this.papers.reduce((n, p) => n + (p.read ? 0 : 1), 0));

  #seq = 0;

  /** show loads a page's list; the same page again keeps the focus (a reload after sync). */
  async show(r: ListRoute): Promise<void> {
    const key = listKey(r);
    const same = key === this.key;
    if (!same) {
      this.key = key;
      this.route = r;
      this.focus = -1;
      this.papers = [];
      this.day = null;
      this.range = null;
      this.error = null;
      this.extras = {};
      this.topic = null;
      this.newCount = 0;
      this.loadedKey = '';
    }
    await this.#load(r);
  }

  async reload(): Promise<void> {
    if (this.route) await this.#load(this.route);
  }

  setSort(s: Sort): void {
    if (s === this.sort) return;
    this.sort = s;
    try {
      localStorage.setItem(SORT_KEY, s);
    } catch {
      // not persisted
    }
    void this.reload();
  }

  async #load(r: ListRoute): Promise<void> {
    const n = ++this.#seq;
    this.loading = true;
    try {
      let papers: View[];
      let extras: Record<string, Extra> = {};
      if (r.name === 'foryou' || r.name === 'topic') {
        const fy = r.name === 'foryou' ? await api.forYou() : await api.topicFeed(r.id);
        if (n !== this.#seq) return;
        ({ papers, extras } = fromItems(fy.items));
        this.topic = 'topic' in fy ? fy.topic : null;
        this.newCount = 'newCount' in fy ? fy.newCount : papers.filter((p) => p.isNew).length;
      } else if (r.name === 'rising') {
        const items = await api.rising(r.window, RISING_LIMIT);
        if (n !== this.#seq) return;
        papers = items.map((i) => i.paper);
        for (const i of items) extras[i.paper.id] = { gain: i.gain, history: i.history };
      } else if (r.name === 'day') {
        const d = await api.day(r.date, this.sort);
        if (n !== this.#seq) return;
        this.day = d;
        papers = d.papers;
      } else if (r.name === 'saved') {
        papers = await api.saved();
        if (n !== this.#seq) return;
      } else {
        const { from, to } =
          r.name === 'week' ? { from: r.date, to: addDays(r.date, 6) } : monthRange(r.month);
        const rv = await api.range(from, to, this.sort);
        if (n !== this.#seq) return;
        this.range = rv;
        papers = rv.papers;
      }
      this.papers = uniqueById(papers);
      this.extras = extras;
      this.loadedKey = listKey(r);
      if (this.focus >= papers.length) this.focus = papers.length - 1;
      this.error = null;
      this.loads++;
    } catch (e) {
      if (n !== this.#seq) return;
      this.error = e as ApiError;
    } finally {
      if (n === this.#seq) this.loading = false;
    }
  }

  /** applyState copies a paper's new read/saved state into the list. */
  applyState(id: string, st: ReadState): void {
    days.refreshSoon();
    const i = this.papers.findIndex((p) => p.id === id);
    const p = this.papers[i];
    // An unsaved paper stays in the Saved list until the next reload, so the focus does not jump.
    if (p) this.papers[i] = { ...p, read: st.read, saved: st.saved };
  }

  async setRead(id: string, read: boolean): Promise<ApiError | null> {
    const p = this.papers.find((x) => x.id === id);
    if (p) this.applyState(id, { read, saved: p.saved });
    try {
      this.applyState(id, await api.setRead(id, read));
      return null;
    } catch (e) {
      if (p) this.applyState(id, { read: p.read, saved: p.saved });
      return e as ApiError;
    }
  }

  async setSaved(id: string, saved: boolean): Promise<ApiError | null> {
    const p = this.papers.find((x) => x.id === id);
    if (p) this.applyState(id, { read: p.read, saved });
    try {
      this.applyState(id, await api.setSaved(id, saved));
      return null;
    } catch (e) {
      if (p) this.applyState(id, { read: p.read, saved: p.saved });
      return e as ApiError;
    }
  }

  move(delta: number): void {
    if (this.papers.length === 0) return;
    const next = this.focus < 0 ? (delta > 0 ? 0 : this.papers.length - 1) : this.focus + delta;
    this.focus = Math.max(0, Math.min(this.papers.length - 1, next));
  }

  focused(): View | undefined {
    return this.papers[this.focus];
  }
}

export const list = new ListStore();
