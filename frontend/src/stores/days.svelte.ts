import { api } from '../api';
import type { ApiError, DayInfo } from '../api';

class DaysStore {
  list = $state<DayInfo[]>([]);
  loaded = $state(false);
  error = $state<ApiError | null>(null);
  #seq = 0;

  /**
   * Papers in the library when no day is cached (a search of Hugging Face caches papers without
   * their days); null until asked.
   */
  papersWithoutDays = $state<number | null>(null);

  /** Dates that have papers, newest first. */
  withPapers = $derived(this.list.filter((d) => d.count > 0));

  #timer: ReturnType<typeof setTimeout> | undefined;

  /** refreshSoon reloads the unread counts once a burst of j/m/s keys has settled. */
  refreshSoon(ms = 600): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.load(), ms);
  }

  async load(): Promise<void> {
    const n = ++this.#seq;
    try {
      const list = await api.days();
      if (n !== this.#seq) return;
      this.list = list;
      this.error = null;
      if (list.length === 0) {
        const info = await api.settingsInfo().catch(() => null);
        if (n !== this.#seq) return;
        this.papersWithoutDays = info ? info.papers : null;
      } else this.papersWithoutDays = 0;
    } catch (e) {
      if (n !== this.#seq) return;
      this.error = e as ApiError;
    } finally {
      if (n === this.#seq) this.loaded = true;
    }
  }
}

export const days = new DaysStore();
