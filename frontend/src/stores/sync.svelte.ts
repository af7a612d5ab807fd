// Sync and connection state, from one source: the backend's SyncStatus (Sync.Status at start, then
// every sync:status event). Nothing here guesses "offline" from a failed call: the backend does.
import { api, IDLE_STATUS } from '../api';
import type { ApiError, SyncStatus } from '../api';
import { formatDay, relativeTime } from '../format/dates';
import { plural } from '../format/text';
import { notice } from './notice.svelte';

/** What a sync line says, and whether it is a problem the user can retry. */
export interface SyncLine {
  text: string;
  /** The reason, for a tooltip and the notice (the sidebar keeps to one short line). */
  detail: string;
  tone: 'idle' | 'busy' | 'ok' | 'warn' | 'error';
  retry: boolean;
}

class SyncStore {
  status = $state<SyncStatus>({ ...IDLE_STATUS });
  /** Sync.Status answered (until then nothing is known about the connection). */
  loaded = $state(false);
  /** A sync this window asked for could not start (the backend refused the scope, the disk is full…). */
  startError = $state<ApiError | null>(null);
  /** Ticks every second while a countdown or an estimate is on screen, else every 30 s. */
  now = $state(Date.now());

  offline = $derived(!this.status.online);
  running = $derived(this.status.running);
  progress = $derived(
    this.status.running && this.status.total > 0 ? Math.min(1, this.status.done / this.status.total) : 0,
  );

  #offs: (() => void)[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;

  init({ refresh = true }: { refresh?: boolean } = {}): () => void {
    this.#offs.push(
      api.on('sync:status', (s) => this.update(s)),
      api.on('sync:done', (s) => this.update(s)),
    );
    this.#tick(30_000);
    if (refresh) void this.refresh();
    return () => {
      for (const off of this.#offs) off();
      this.#offs = [];
      clearInterval(this.#timer);
    };
  }

  #tickMs = 0;
  #tick(ms: number): void {
    if (ms === this.#tickMs) return;
    this.#tickMs = ms;
    clearInterval(this.#timer);
    this.#timer = setInterval(() => (this.now = Date.now()), ms);
  }

  async refresh(): Promise<void> {
    try {
      this.update(await api.syncStatus());
    } catch {
      // the status stays as it was; the next event brings it
    } finally {
      this.loaded = true;
    }
  }

  /** The scope of the last sync (any window's or command's, this run or the last), so Retry and Resume ask for the same. */
  get lastScope(): string {
    return this.status.scope;
  }

  /** update takes a status from the backend; a sync that ends badly says so in a notice. */
  update(s: SyncStatus | null): void {
    if (!s) return;
    const ended = this.status.running && !s.running;
    this.status = s;
    if (ended) this.#report(s);
    this.loaded = true;
    this.now = Date.now();
    if (s.running) this.startError = null;
    this.#tick(s.running ? 1000 : 30_000);
  }

  #report(s: SyncStatus): void {
    const line = syncLine(s, Date.now(), (iso) => relativeTime(iso));
    const retry = {
      label: s.lastResult === 'canceled' ? 'Resume' : 'Retry',
      run: () => void this.start(this.lastScope),
    };
    if (s.lastResult === 'failed' || s.lastResult === 'partial') {
      notice.error(line.detail ? `${line.text}: ${line.detail}` : line.text, retry);
    } else if (s.lastResult === 'canceled') {
      notice.show(line.text, 'info', 6000, retry);
    }
  }

  /**
   * start asks for a sync: "" the recent days, a date, or "from..to" (a backfill; days already
   * complete are skipped, so starting it again resumes it).
   */
  async start(scope = '', force = false): Promise<ApiError | null> {
    this.startError = null;
    try {
      await api.syncStart(scope, force);
      return null;
    } catch (e) {
      this.startError = e as ApiError;
      return this.startError;
    }
  }

  async cancel(): Promise<void> {
    try {
      await api.syncCancel();
    } catch {
      // nothing was running
    }
  }
}

export const sync = new SyncStore();

/** secondsUntil: whole seconds from now to an RFC 3339 time (0 when past or unknown). */
export function secondsUntil(iso: string, now: number): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : Math.max(0, Math.ceil((t - now) / 1000));
}

/** duration: "12 s", "4 min", "2 h 5 min". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/**
 * waitingText says why a running sync is not moving, with a live countdown: "Rate limited by
 * Hugging Face — retrying in 12 s", "Hugging Face answered HTTP 503 — retrying in 4 s",
 * "Waiting for huggingface.co…". The backend's message names the cause.
 */
export function waitingText(s: SyncStatus, now: number): string {
  const w = s.waiting;
  if (!w) return '';
  if (w.reason === 'slow') return w.message || 'Waiting for huggingface.co…';
  const cause =
    w.message.split(' — retrying')[0]?.trim() ||
    (w.reason === 'rate_limit' ? 'Rate limited by Hugging Face' : "Couldn't reach Hugging Face");
  const left = secondsUntil(w.until, now);
  return `${cause} — retrying${left > 0 ? ` in ${duration(left)}` : ''}`;
}

/** progressText: "Day 3 of 8 · 120 papers · about 2 min left". */
export function progressText(s: SyncStatus): string {
  if (s.total <= 0) return s.kind === 'day' && s.date ? `Fetching ${formatDay(s.date)}…` : 'Syncing…';
  const parts = [`${s.done} of ${plural(s.total, 'day')}`];
  if (s.papers > 0) parts.push(plural(s.papers, 'paper'));
  if (s.etaSeconds >= 0 && s.done < s.total) parts.push(`about ${duration(s.etaSeconds)} left`);
  return parts.join(' · ');
}

/**
 * syncLine is the sidebar's one line about syncing. It tells the truth: "Last synced" only after a
 * sync that succeeded; a failed, partial or stopped sync says so and offers Retry.
 */
export function syncLine(s: SyncStatus, now: number, relative: (iso: string) => string): SyncLine {
  if (s.running) {
    const waiting = waitingText(s, now);
    if (waiting) return { text: waiting, detail: s.waiting?.message ?? '', tone: 'warn', retry: false };
    return { text: progressText(s), detail: s.message, tone: 'busy', retry: false };
  }
  const last = s.lastSynced
    ? `Last successful sync ${relative(s.lastSynced)}.`
    : 'No sync has succeeded yet.';
  const reason = s.error?.message ?? '';
  const sentences = (...parts: string[]) =>
    parts
      .filter(Boolean)
      .map((t) => (/[.!?…]$/.test(t) ? t : `${t}.`))
      .join(' ');
  switch (s.lastResult) {
    case 'failed':
      return {
        text: 'Sync failed',
        detail: sentences(reason, last),
        tone: 'error',
        retry: true,
      };
    case 'partial':
      return {
        text: `Sync incomplete: ${s.done} of ${plural(s.total, 'day')}`,
        detail: sentences(reason, last),
        tone: 'warn',
        retry: true,
      };
    case 'canceled':
      return {
        text: s.total > 0 ? `Sync stopped at ${s.done} of ${plural(s.total, 'day')}` : 'Sync stopped',
        detail: last,
        tone: 'warn',
        retry: true,
      };
  }
  if (s.lastSynced)
    return { text: `Last synced ${relative(s.lastSynced)}`, detail: '', tone: 'ok', retry: false };
  return { text: 'Not synced yet', detail: '', tone: 'idle', retry: false };
}
