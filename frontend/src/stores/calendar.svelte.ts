// Which days are cached, for the calendar picker: every fetched day (0-paper days too) since the
// first Daily Papers date.
import { api, FIRST_DAY } from '../api';
import type { ApiError, CalendarDay } from '../api';
import { today } from '../format/dates';

class CalendarStore {
  first = $state(FIRST_DAY);
  /** Today in UTC as the backend sees it (the last date there can be papers for). */
  today = $state(today());
  byDate = $state.raw<Map<string, CalendarDay>>(new Map());
  loaded = $state(false);
  error = $state<ApiError | null>(null);
  #seq = 0;

  async load(): Promise<void> {
    const n = ++this.#seq;
    try {
      const c = await api.calendar();
      if (n !== this.#seq) return;
      this.first = c.first;
      if (c.today) this.today = c.today;
      this.byDate = new Map(c.days.map((d) => [d.date, d]));
      this.error = null;
    } catch (e) {
      if (n !== this.#seq) return;
      this.error = e as ApiError;
    } finally {
      if (n === this.#seq) this.loaded = true;
    }
  }
}

export const calendar = new CalendarStore();
