// The Settings page: what is stored where, and the few preferences the backend keeps.
import { api } from '../api';
import type { ApiError, SettingsInfo } from '../api';

export const SYNC_INTERVALS = [0, 15, 30, 60, 120];

class SettingsStore {
  info = $state<SettingsInfo | null>(null);
  loading = $state(false);
  error = $state<ApiError | null>(null);
  #seq = 0;

  async load(): Promise<void> {
    const n = ++this.#seq;
    this.loading = true;
    try {
      const info = await api.settingsInfo();
      if (n !== this.#seq) return;
      this.info = info;
      this.error = null;
    } catch (e) {
      if (n !== this.#seq) return;
      this.error = e as ApiError;
    } finally {
      if (n === this.#seq) this.loading = false;
    }
  }

  /** clearCache drops downloaded papers; saved and read marks, topics and settings stay. */
  async clearCache(): Promise<void> {
    await api.clearCache();
    await this.load();
  }

  async setSyncInterval(minutes: number): Promise<void> {
    const before = this.info;
    if (before) this.info = { ...before, syncInterval: minutes };
    try {
      await api.setSyncInterval(minutes);
    } catch (e) {
      if (before) this.info = before;
      throw e;
    }
  }

  /** setToken stores a token ("" clears it); only whether one is set ever comes back. */
  async setToken(token: string): Promise<void> {
    await api.setToken(token);
    await this.load();
  }
}

export const settings = new SettingsStore();
