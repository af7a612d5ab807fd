import { api } from '../api';
import type { ApiError, Hit } from '../api';
import { keystrokes } from '../perf/keystrokes';

export const LOCAL_LIMIT = 40;
export const REMOTE_LIMIT = 20;

export type RemoteState = 'idle' | 'loading' | 'done' | 'offline' | 'error';

/** One row of the palette: a hit, or the "Search Hugging Face" entry. */
export type Item = { kind: 'hit'; hit: Hit } | { kind: 'remote' };

class SearchStore {
  open = $state(false);
  query = $state('');
  hits = $state<Hit[]>([]);
  /** How many cached papers match in all (hits holds the best LOCAL_LIMIT). */
  total = $state(0);
  /** How to write a filter the query got wrong; "" when it is fine. */
  hint = $state('');
  /** The index was still loading when the search ran: the results may be incomplete. */
  partial = $state(false);
  /** The local search for the current query has answered. */
  answered = $state(false);
  error = $state<ApiError | null>(null);
  selected = $state(0);
  remoteState = $state<RemoteState>('idle');
  remoteHits = $state<Hit[]>([]);
  remoteError = $state<ApiError | null>(null);
  /** The query remote results belong to. */
  remoteQuery = $state('');

  items = $derived.by<Item[]>(() => {
    const out: Item[] = this.hits.map((hit) => ({ kind: 'hit', hit }));
    if (this.query.trim()) {
      out.push({ kind: 'remote' });
      const seen = new Set(this.hits.map((h) => h.paper.id));
      for (const hit of this.remoteHits) if (!seen.has(hit.paper.id)) out.push({ kind: 'hit', hit });
    }
    return out;
  });

  #seq = 0;
  #remoteSeq = 0;

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

  /** setQuery runs a local search; a response that arrives after a newer query is dropped. */
  async setQuery(q: string): Promise<void> {
    this.query = q;
    this.selected = 0;
    if (q !== this.remoteQuery) {
      this.#remoteSeq++;
      this.remoteState = 'idle';
      this.remoteHits = [];
      this.remoteError = null;
      this.remoteQuery = '';
    }
    const n = ++this.#seq;
    keystrokes.input(n);
    this.answered = false;
    try {
      const res = await api.search(q, LOCAL_LIMIT);
      if (n !== this.#seq) return;
      this.hits = res.hits;
      this.total = res.total;
      this.hint = res.hint;
      this.partial = res.partial;
      this.answered = true;
      this.error = null;
      this.selected = Math.min(this.selected, Math.max(0, this.items.length - 1));
      keystrokes.answered(n);
    } catch (e) {
      if (n !== this.#seq) return;
      this.hits = [];
      this.total = 0;
      this.hint = '';
      this.answered = true;
      this.error = e as ApiError;
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
