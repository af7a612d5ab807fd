import { api } from '../api';
import type { ApiError, Hit } from '../api';
import { keystrokes } from '../perf/keystrokes';

/**
 * The palette asks for the results it can show (PAGE: a little more than a tall palette holds) and
 * for PAGE more each time the selection or the scroll nears the end, up to LOCAL_LIMIT: highlights
 * and snippets cost the backend, the bridge and the page for every result sent.
 */
export const PAGE = 8;
export const LOCAL_LIMIT = 48;
export const REMOTE_LIMIT = 20;

export type RemoteState = 'idle' | 'loading' | 'done' | 'offline' | 'error';

/** One row of the palette: a hit, or the "Search Hugging Face" entry. */
export type Item = { kind: 'hit'; hit: Hit } | { kind: 'remote' };

class SearchStore {
  open = $state(false);
  query = $state('');
  hits = $state<Hit[]>([]);
  /** How many cached papers match in all (hits holds the best #limit). */
  total = $state(0);
  /** How to write a filter the query got wrong; "" when it is fine. */
  hint = $state('');
  /** The index was still loading when the search ran: the results may be incomplete. */
  partial = $state(false);
  /** The local search for the current query has answered. */
  answered = $state(false);
  /**
   * The query the hits answer, null before the first answer: the palette shows them, and their
   * count, until the next answer comes, so a keystroke changes nothing on screen but the text typed.
   */
  shownQuery = $state<string | null>(null);
  error = $state<ApiError | null>(null);
  selected = $state(0);
  remoteState = $state<RemoteState>('idle');
  remoteHits = $state<Hit[]>([]);
  remoteError = $state<ApiError | null>(null);
  /** The query remote results belong to. */
  remoteQuery = $state('');

  /** The query has words: the palette offers to search Hugging Face for them. */
  #typed = $derived(this.query.trim() !== '');

  items = $derived.by<Item[]>(() => {
    const out: Item[] = this.hits.map((hit) => ({ kind: 'hit', hit }));
    if (this.#typed) {
      out.push({ kind: 'remote' });
      // a paper shows once, and a row's key is its paper's id
      const seen = this.hits.map((h) => h.paper.id);
      for (const hit of this.remoteHits) {
        if (seen.includes(hit.paper.id)) continue;
        seen.push(hit.paper.id);
        out.push({ kind: 'hit', hit });
      }
    }
    return out;
  });

  #seq = 0;
  #remoteSeq = 0;
  /** How many results the current query asks for. */
  #limit = PAGE;
  /** The search running now: one at a time, and it ends with the newest query's answer. */
  #flight: Promise<void> | null = null;

  /** openPalette opens the search; without a query it keeps the last one (and its selection). */
  openPalette(q = this.query): void {
    this.open = true;
    if (q === this.query && this.answered) {
      void this.#refresh();
      return;
    }
    void this.setQuery(q);
  }

  /** indexReady: the search index has loaded; a search that ran on part of it runs again. */
  indexReady(): void {
    if (this.open && this.partial) void this.#refresh();
  }

  /** #refresh runs the same query again (papers may have changed), keeping the selection. */
  async #refresh(): Promise<void> {
    const keep = this.selected;
    await this.setQuery(this.query);
    this.selected = Math.min(keep, Math.max(0, this.items.length - 1));
  }

  close(): void {
    this.open = false;
    keystrokes.report();
  }

  /**
   * setQuery searches the cache for q. One search runs at a time: a query typed while one runs waits
   * for it, and then only the newest is searched, so fast typing never queues answers nobody will
   * see. The promise settles once the newest query (this one or a later one) has its answer.
   */
  setQuery(q: string): Promise<void> {
    this.query = q;
    this.selected = 0;
    this.#limit = PAGE;
    if (q !== this.remoteQuery) {
      this.#remoteSeq++;
      this.remoteState = 'idle';
      this.remoteHits = [];
      this.remoteError = null;
      this.remoteQuery = '';
    }
    keystrokes.input(++this.#seq);
    this.answered = false;
    return this.#search();
  }

  /** more asks for a page more of the same query, when the palette shows the end of what it has. */
  more(): Promise<void> {
    if (!this.answered || this.#limit >= LOCAL_LIMIT || this.hits.length < this.#limit)
      return Promise.resolve();
    this.#limit = Math.min(LOCAL_LIMIT, this.#limit + PAGE);
    this.#seq++;
    return this.#search();
  }

  #search(): Promise<void> {
    this.#flight ??= this.#run().finally(() => (this.#flight = null));
    return this.#flight;
  }

  async #run(): Promise<void> {
    for (;;) {
      const n = this.#seq;
      try {
        const res = await api.search(this.query, this.#limit);
        if (n !== this.#seq) continue; // superseded while it ran: search the newest now
        this.hits = res.hits;
        this.shownQuery = this.query;
        this.total = res.total;
        this.hint = res.hint;
        this.partial = res.partial;
        this.error = null;
      } catch (e) {
        if (n !== this.#seq) continue;
        this.hits = [];
        this.shownQuery = this.query;
        this.total = 0;
        this.hint = '';
        this.error = e as ApiError;
      }
      this.answered = true;
      this.selected = Math.min(this.selected, Math.max(0, this.items.length - 1));
      keystrokes.answered(n);
      return;
    }
  }

  async searchRemote(): Promise<void> {
    const q = this.query.trim();
    if (!q) return;
    const n = ++this.#remoteSeq;
    this.remoteQuery = this.query;
    this.remoteState = 'loading';
    // Show where the answer will appear: on the "Search Hugging Face" row.
    const entry = this.items.findIndex((i) => i.kind === 'remote');
    if (entry >= 0) this.selected = entry;
    this.remoteError = null;
    try {
      const hits = await api.searchRemote(q, REMOTE_LIMIT);
      if (n !== this.#remoteSeq) return;
      this.remoteHits = hits.map((h) => ({ ...h, remote: true }));
      this.remoteState = 'done';
    } catch (e) {
      if (n !== this.#remoteSeq) return;
      const err = e as ApiError;
      this.remoteError = err;
      this.remoteState = err.code === 'offline' ? 'offline' : 'error';
    }
  }

  move(delta: number): void {
    const len = this.items.length;
    if (len === 0) return;
    this.selected = (this.selected + delta + len) % len;
  }
}

export const search = new SearchStore();
