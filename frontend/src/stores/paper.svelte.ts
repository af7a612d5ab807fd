import { api } from '../api';
import type { ApiError, PaperDetail, ReadState } from '../api';
import { list } from './day.svelte';

class PaperStore {
  id = $state('');
  detail = $state<PaperDetail | null>(null);
  loading = $state(false);
  error = $state<ApiError | null>(null);
  #seq = 0;

  /** show loads a paper and marks it read (opening a paper reads it). */
  async show(id: string): Promise<void> {
    const n = ++this.#seq;
    if (id !== this.id) {
      this.id = id;
      this.detail = null;
    }
    this.loading = true;
    this.error = null;
    try {
      const d = await api.paper(id);
      if (n !== this.#seq) return;
      this.detail = d;
      if (!d.paper.read) void this.setRead(true);
    } catch (e) {
      if (n !== this.#seq) return;
      this.error = e as ApiError;
    } finally {
      if (n === this.#seq) this.loading = false;
    }
  }

  #apply(st: ReadState): void {
    if (this.detail) this.detail = { ...this.detail, paper: { ...this.detail.paper, ...st } };
    list.applyState(this.id, st);
  }

  async setRead(read: boolean): Promise<ApiError | null> {
    const d = this.detail;
    if (!d) return null;
    const before = { read: d.paper.read, saved: d.paper.saved };
    this.#apply({ ...before, read });
    try {
      this.#apply(await api.setRead(d.paper.id, read));
      return null;
    } catch (e) {
      this.#apply(before);
      return e as ApiError;
    }
  }

  async setSaved(saved: boolean): Promise<ApiError | null> {
    const d = this.detail;
    if (!d) return null;
    const before = { read: d.paper.read, saved: d.paper.saved };
    this.#apply({ ...before, saved });
    try {
      this.#apply(await api.setSaved(d.paper.id, saved));
      return null;
    } catch (e) {
      this.#apply(before);
      return e as ApiError;
    }
  }
}

export const paper = new PaperStore();
