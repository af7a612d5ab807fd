// The paper list under the current page: a day, a week or month (grouped by day), the saved papers,
// For you and the topic feeds, Rising, or all the results of a search.
import { api } from '../api';
import type {
  ApiError,
  DayGroup,
  DayView,
  ForYouItem,
  Point,
  RangeView,
  ReadState,
  Sort,
  Topic,
  View,
} from '../api';
import { addDays, monthRange } from '../format/dates';
import { days } from './days.svelte';
import type { Route } from './route.svelte';
import { ui } from './ui.svelte';

export type ListRoute = Extract<
  Route,
  { name: 'day' | 'week' | 'month' | 'saved' | 'foryou' | 'topic' | 'rising' | 'results' }
>;

/** What a feed knows about a paper beyond its row: the topics it matched, or how fast it rises. */
export interface Extra {
  topics?: string[];
  gain?: number;
  history?: Point[];
}

/** One row of the list: a paper, under a day header in week and month views. */
export interface Row {
  /** Unique in the list: a paper listed on two days has a row in each. */
  key: string;
  paper: View;
  /** The day group the row is in ("" outside week and month). */
  date: string;
}

/** A day of a week or month, as the list shows it. */
export interface Group {
  date: string;
  /** Rows shown (the top N of the day unless it is expanded). */
  rows: Row[];
  /** Papers listed that day. */
  total: number;
  unread: number;
}

export const RISING_LIMIT = 50;
/** How many search results a results list shows (the backend's cap). */
export const RESULTS_LIMIT = 200;

export function isListRoute(r: Route): r is ListRoute {
  return ['day', 'week', 'month', 'saved', 'foryou', 'topic', 'rising', 'results'].includes(r.name);
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
    case 'results':
      return `results:${r.q}`;
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
  loading = $state(false);
  error = $state<ApiError | null>(null);
  day = $state<DayView | null>(null);
  range = $state<RangeView | null>(null);
  /** Every paper of the page once. */
  papers = $state<View[]>([]);
  /** Week and month: the days, newest first; null for other lists. */
  dayGroups = $state<DayGroup[] | null>(null);
  /** Days of a week or month shown in full although a top N applies. */
  expanded = $state<Record<string, true>>({});
  /** Search results: how many matched in all (the list holds at most RESULTS_LIMIT). */
  total = $state(0);
  /** Per paper id: topic names (For you, topic feeds) or gain and history (Rising). */
  extras = $state.raw<Record<string, Extra>>({});
  /** The topic of a topic feed. */
  topic = $state<Topic | null>(null);
  /** How many items of For you or a topic feed are new. */
  newCount = $state(0);
  /** The key of the page whose papers are shown ("" while the first load runs). */
  loadedKey = $state('');
  /** The row j/k moved to, by key ("" before any). */
  focusKey = $state('');
  /** Bumped after a load that replaced the papers, so the view can report its first render. */
  loads = $state(0);

  unread = $derived(this.papers.reduce((n, p) => n + (p.read ? 0 : 1), 0));

  /** groups: week and month days with the rows they show (top N per day unless expanded). */
  groups = $derived.by<Group[] | null>(() => {
    if (!this.dayGroups) return null;
    const top = ui.topPerDay;
    return this.dayGroups.map((g) => {
      const shown = top > 0 && !this.expanded[g.date] ? g.papers.slice(0, top) : g.papers;
      return {
        date: g.date,
        rows: shown.map((p) => ({ key: `${g.date}/${p.id}`, paper: p, date: g.date })),
        total: g.papers.length,
        unread: g.papers.reduce((n, p) => n + (p.read ? 0 : 1), 0),
      };
    });
  });

  /** rows: what the list shows, in the order j and k walk it. */
  rows = $derived.by<Row[]>(() => {
    if (this.groups) return this.groups.flatMap((g) => g.rows);
    return this.papers.map((p) => ({ key: p.id, paper: p, date: '' }));
  });

  /** The index of the focused row, -1 before any. */
  focus = $derived(this.focusKey ? this.rows.findIndex((r) => r.key === this.focusKey) : -1);

  #seq = 0;
  /** The newest day, asked for at launch before the UI settings said the sort (prefetchNewestDay). */
  #early: { sort: Sort; day: Promise<DayView> } | null = null;

  /**
   * prefetchNewestDay asks for the newest day's papers in sort now, while the UI settings (which
   * say the launch view and the sort) are on their way: the first load uses the answer if it is the
   * newest day in that sort, and asks again otherwise.
   */
  prefetchNewestDay(sort: Sort): void {
    const day = api.day('', sort);
    day.catch(() => {}); // a failure is the load's to report, when it asks again
    this.#early = { sort, day };
  }

  /** show loads a page's list; the same page again keeps the focus (a reload after sync). */
  async show(r: ListRoute): Promise<void> {
    const key = listKey(r);
    if (key !== this.key) {
      this.key = key;
      this.route = r;
      this.focusKey = '';
      this.papers = [];
      this.dayGroups = null;
      this.expanded = {};
      this.day = null;
      this.range = null;
      this.error = null;
      this.extras = {};
      this.topic = null;
      this.newCount = 0;
      this.total = 0;
      this.loadedKey = '';
    }
    await this.#load(r);
  }

  async reload(): Promise<void> {
    if (this.route) await this.#load(this.route);
  }

  /** setSort changes the order of days, weeks and months (remembered with the UI settings). */
  setSort(s: Sort): void {
    if (s === ui.sort) return;
    void ui.set('sort', s);
    void this.reload();
  }

  /** forget makes the next show load afresh (after the cache was cleared). */
  forget(): void {
    this.key = '';
  }

  async #load(r: ListRoute): Promise<void> {
    const n = ++this.#seq;
    this.loading = true;
    const sort = ui.sort;
    const early = this.#early;
    this.#early = null;
    try {
      let papers: View[];
      let groups: DayGroup[] | null = null;
      let extras: Record<string, Extra> = {};
      let total = 0;
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
        const d = await (early && r.date === '' && early.sort === sort
          ? early.day.catch(() => api.day(r.date, sort))
          : api.day(r.date, sort));
        if (n !== this.#seq) return;
        this.day = d;
        papers = d.papers;
      } else if (r.name === 'saved') {
        papers = await api.saved();
        if (n !== this.#seq) return;
      } else if (r.name === 'results') {
        const res = await api.search(r.q, RESULTS_LIMIT);
        if (n !== this.#seq) return;
        papers = res.hits.map((h) => h.paper);
        total = res.total;
      } else {
        const { from, to } =
          r.name === 'week' ? { from: r.date, to: addDays(r.date, 6) } : monthRange(r.month);
        const rv = await api.range(from, to, sort);
        if (n !== this.#seq) return;
        this.range = rv;
        papers = rv.papers;
        groups = rv.groups;
      }
      this.papers = uniqueById(papers);
      this.dayGroups = groups;
      this.extras = extras;
      this.total = total;
      this.loadedKey = listKey(r);
      if (this.focusKey && this.focus < 0) this.focusKey = this.rows[this.rows.length - 1]?.key ?? '';
      this.error = null;
      this.loads++;
    } catch (e) {
      if (n !== this.#seq) return;
      this.error = e as ApiError;
    } finally {
      if (n === this.#seq) this.loading = false;
    }
  }

  /** expand shows every paper of one day of a week or month; collapse goes back to the top N. */
  expand(date: string, on = true): void {
    const rest = Object.fromEntries(Object.entries(this.expanded).filter(([d]) => d !== date));
    this.expanded = on ? { ...rest, [date]: true } : rest;
  }

  /** find returns the paper with this id if the list holds it. */
  find(id: string): View | undefined {
    return this.papers.find((p) => p.id === id);
  }

  /** applyState copies a paper's new read/saved state into the list (every row of it). */
  applyState(id: string, st: ReadState): void {
    days.refreshSoon();
    const i = this.papers.findIndex((p) => p.id === id);
    const p = this.papers[i];
    // An unsaved paper stays in the Saved list until the next reload, so the focus does not jump.
    if (p) this.papers[i] = { ...p, read: st.read, saved: st.saved };
    if (this.dayGroups) {
      for (const g of this.dayGroups) {
        const j = g.papers.findIndex((x) => x.id === id);
        const q = g.papers[j];
        if (q) g.papers[j] = { ...q, read: st.read, saved: st.saved };
      }
    }
  }

  async setRead(id: string, read: boolean): Promise<ApiError | null> {
    const p = this.find(id);
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
    const p = this.find(id);
    if (p) this.applyState(id, { read: p.read, saved });
    try {
      this.applyState(id, await api.setSaved(id, saved));
      return null;
    } catch (e) {
      if (p) this.applyState(id, { read: p.read, saved: p.saved });
      return e as ApiError;
    }
  }

  /** setFocus focuses row i (clamped); -1 clears the focus. */
  setFocus(i: number): void {
    if (i < 0 || this.rows.length === 0) {
      this.focusKey = '';
      return;
    }
    this.focusKey = this.rows[Math.min(i, this.rows.length - 1)]?.key ?? '';
  }

  /** focusPaper focuses the first row of a paper; false when the list does not hold it. */
  focusPaper(id: string): boolean {
    const r = this.rows.find((x) => x.paper.id === id);
    if (r) this.focusKey = r.key;
    return !!r;
  }

  /**
   * move steps the focus; from no focus, j starts at the top and k at the bottom. It returns false
   * at either end, where there is nowhere to go.
   */
  move(delta: number): boolean {
    const n = this.rows.length;
    if (n === 0) return false;
    const i = this.focus;
    const next = i < 0 ? (delta > 0 ? 0 : n - 1) : Math.max(0, Math.min(n - 1, i + delta));
    if (next === i) return false;
    this.setFocus(next);
    return true;
  }

  focused(): View | undefined {
    return this.rows[this.focus]?.paper;
  }
}

export const list = new ListStore();
