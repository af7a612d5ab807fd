import { api, onError } from '../api';
import type { ApiError, SyncStatus } from '../api';

const IDLE: SyncStatus = {
  running: false,
  done: 0,
  total: 0,
  date: '',
  message: '',
  lastSynced: '',
  online: true,
  error: null,
};

class SyncStore {
  status = $state<SyncStatus>({ ...IDLE });
  /** A call failed because Hugging Face could not be reached. */
  callOffline = $state(false);
  /** The last error of a sync start or run, shown in plain words. */
  error = $state<ApiError | null>(null);
  /** Ticks so that "last synced 5 min ago" stays true. */
  now = $state(Date.now());
  loaded = $state(false);

  offline = $derived(!this.status.online || this.callOffline);
  progress = $derived(
    this.status.running && this.status.total > 0 ? Math.min(1, this.status.done / this.status.total) : 0,
  );

  #offs: (() => void)[] = [];

  init(): () => void {
    this.#offs.push(
      api.on('sync:progress', (s) => this.#update(s)),
      api.on('sync:done', (s) => this.#update(s, true)),
      onError((e) => {
        if (e.code === 'offline') this.callOffline = true;
      }),
    );
    const tick = setInterval(() => (this.now = Date.now()), 30_000);
    this.#offs.push(() => clearInterval(tick));
    void this.refresh();
    return () => {
      for (const off of this.#offs) off();
      this.#offs = [];
    };
  }

  async refresh(): Promise<void> {
    try {
      this.#update(await api.syncStatus());
    } catch {
      // status is best effort; the banner shows offline errors through onError
    } finally {
      this.loaded = true;
    }
  }

  /** #update takes a new status; only a finished sync that reached Hugging Face clears an offline call. */
  #update(s: SyncStatus | null, finished = false): void {
    if (!s) return;
    this.status = { ...IDLE, ...s };
    this.now = Date.now();
    if (s.error) {
      this.error = s.error;
      if (s.error.code === 'offline') this.callOffline = true;
    } else if (!s.running) {
      this.error = null;
    }
    if (finished && s.online && !s.error) this.callOffline = false;
  }

  async start(scope = '', force = false): Promise<void> {
    this.error = null;
    this.status = { ...this.status, running: true, done: 0, total: 0, message: 'Starting…' };
    try {
      await api.syncStart(scope, force);
    } catch (e) {
      const err = e as ApiError;
      this.error = err;
      this.status = { ...this.status, running: false, message: '' };
    }
  }

  async cancel(): Promise<void> {
    try {
      await api.syncCancel();
    } catch {
      // nothing to cancel
    }
  }
}

export const sync = new SyncStore();
