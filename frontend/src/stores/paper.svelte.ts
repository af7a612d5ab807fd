// The paper on screen: in the reading pane of the two-pane reader, or on its own page.
import { api } from '../api';
import type { ApiError, PaperDetail, ReadState, View } from '../api';
import { list } from './day.svelte';

/** READ_AFTER_MS: a paper shown this long in the reading pane counts as read (j held down does not). */
export const READ_AFTER_MS = 1500;

class PaperStore {
  id = $state('');
  /** What the list already knows about the paper, shown while the rest loads. */
  preview = $state<View | null>(null);
  detail = $state<PaperDetail | null>(null);
  loading = $state(false);
  error = $state<ApiError | null>(null);
  #seq = 0;
  #readTimer: ReturnType<typeof setTimeout> | undefined;

  /** paper: the paper to show now, loaded or previewed. */
  get paper(): View | null {
    return this.detail?.paper ?? this.preview;
  }

  /**
   * show loads a paper. markRead: 'now' (it was opened), 'later' (shown in the pane: read once it
   * stayed READ_AFTER_MS) or 'no'.
   */
  async show(id: string, markRead: 'now' | 'later' | 'no' = 'now', preview?: View): Promise<void> {
    const n = ++this.#seq;
    clearTimeout(this.#readTimer);
    if (id !== this.id) {
      this.id = id;
      this.detail = null;
      this.preview = preview ?? list.find(id) ?? null;
    }
    this.loading = true;
    this.error = null;
    try {
      const d = await api.paper(id);
      if (n !== this.#seq) return;
      this.detail = d;
      if (!d.paper.read && markRead === 'now') void this.setRead(true);
      if (!d.paper.read && markRead === 'later') {
        this.#readTimer = setTimeout(() => {
          if (n === this.#seq && this.detail && !this.detail.paper.read) void this.setRead(true);
        }, READ_AFTER_MS);
      }
    } catch (e) {
      if (n !== this.#seq) return;
      this.error = e as ApiError;
    } finally {
      if (n === this.#seq) this.loading = false;
    }
  }

  /** clear empties the pane (a list with nothing selected). */
  clear(): void {
    this.#seq++;
    clearTimeout(this.#readTimer);
    this.id = '';
    this.detail = null;
    this.preview = null;
    this.error = null;
    this.loading = false;
  }

  #apply(st: ReadState): void {
    if (this.detail) this.detail = { ...this.detail, paper: { ...this.detail.paper, ...st } };
    if (this.preview) this.preview = { ...this.preview, ...st };
    list.applyState(this.id, st);
  }

  async setRead(read: boolean): Promise<ApiError | null> {
    const p = this.paper;
    if (!p) return null;
    clearTimeout(this.#readTimer);
    const before = { read: p.read, saved: p.saved };
    this.#apply({ ...before, read });
    try {
      this.#apply(await api.setRead(p.id, read));
      return null;
    } catch (e) {
      this.#apply(before);
      return e as ApiError;
    }
  }

  async setSaved(saved: boolean): Promise<ApiError | null> {
    const p = this.paper;
    if (!p) return null;
    const before = { read: p.read, saved: p.saved };
    this.#apply({ ...before, saved });
    try {
      this.#apply(await api.setSaved(p.id, saved));
      return null;
    } catch (e) {
      this.#apply(before);
      return e as ApiError;
    }
  }
}

export const paper = new PaperStore();
