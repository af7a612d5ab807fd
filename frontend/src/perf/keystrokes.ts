import { tick } from 'svelte';
import { api } from '../api';

/**
 * Keystroke → painted, measured in the page: from each key that changed the palette's query
 * (its keydown's event.timeStamp) to the frame after the results of a query that includes it are in
 * the DOM (requestAnimationFrame after the update, then a task: the frame has been drawn). When the
 * palette closes, the timings go to the app's log (Settings.Log) as
 * `paperboy: keystrokes n=… stale=… unpainted=… gap=… part=… ms=…`; `make bench` reads them there.
 */

interface Key {
  at: number; // the keydown's timestamp (performance.now() clock)
  seq: number; // the query it produced (0: none yet)
  painted: number; // when results including it were drawn (0: not yet)
}

let keys: Key[] = [];
let pendingKeyAt = -1;
let lastPaintedSeq = 0;
let stale = 0;

/** Event.timeStamp on the performance.now() clock; a browser on the epoch clock falls back to now. */
function stamp(e: Event): number {
  const now = performance.now();
  const t = e.timeStamp;
  return t > 0 && t <= now + 1 ? t : now;
}

/** afterFrame runs f once the next frame has been drawn: a task queued from its animation frame. */
const afterFrame: (f: () => void) => void = (() => {
  if (typeof requestAnimationFrame !== 'function' || typeof MessageChannel !== 'function') {
    return (f: () => void) => void Promise.resolve().then(f);
  }
  const queue: (() => void)[] = [];
  const ch = new MessageChannel();
  ch.port1.onmessage = () => queue.shift()?.();
  return (f: () => void) =>
    requestAnimationFrame(() => {
      queue.push(f);
      ch.port2.postMessage(null);
    });
})();

/** medianGap is the typing rate: the median time between two keydowns. */
function medianGap(ks: Key[]): number {
  const gaps = ks.slice(1).map((k, i) => k.at - (ks[i]?.at ?? k.at));
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? 0;
}

export const keystrokes = {
  /** keydown in the palette's input: the next input event is this key's. */
  keydown(e: KeyboardEvent): void {
    pendingKeyAt = stamp(e);
  },

  /** input in the palette's input, which starts query seq. */
  input(seq: number): void {
    if (pendingKeyAt >= 0) keys.push({ at: pendingKeyAt, seq, painted: 0 });
    pendingKeyAt = -1;
    for (const k of keys) if (k.seq === 0) k.seq = seq;
  },

  /** the results of query seq were put into the store: time the frame that shows them. */
  answered(seq: number): void {
    if (keys.length === 0) return;
    void tick().then(() =>
      afterFrame(() => {
        const t = performance.now();
        if (seq < lastPaintedSeq) stale++;
        lastPaintedSeq = Math.max(lastPaintedSeq, seq);
        for (const k of keys) if (k.painted === 0 && k.seq > 0 && k.seq <= seq) k.painted = t;
      }),
    );
  },

  /** the palette closed: log what was typed in it, and start over. */
  report(): void {
    const done = keys.filter((k) => k.painted > 0);
    if (keys.length > 0) {
      const head = `paperboy: keystrokes n=${done.length} stale=${stale} unpainted=${keys.length - done.length} gap=${medianGap(keys).toFixed(1)}`;
      const ms = done.map((k) => (k.painted - k.at).toFixed(1));
      // Settings.Log keeps 500 characters of a line
      for (let i = 0; i === 0 || i < ms.length; i += 60) {
        void api.log(`${head} part=${i / 60} ms=${ms.slice(i, i + 60).join(',')}`);
      }
    }
    keys = [];
    pendingKeyAt = -1;
    stale = 0;
  },
};
