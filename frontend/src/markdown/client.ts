// prepare renders a full text in a worker (parse.worker.ts), so that parsing a huge one never
// blocks the page; where a worker can't start (tests, a webview that refuses it) it renders here.
import type { RenderedDoc, RenderOptions } from './document';

interface Reply {
  seq: number;
  doc?: RenderedDoc;
  error?: string;
}

let worker: Worker | null = null;
let broken = false;
let seq = 0;
const waiting = new Map<number, { resolve: (d: RenderedDoc) => void; reject: (e: Error) => void }>();

function startWorker(): Worker | null {
  if (worker || broken) return worker;
  if (typeof Worker === 'undefined') {
    broken = true;
    return null;
  }
  try {
    worker = new Worker(new URL('./parse.worker.ts', import.meta.url), { name: 'fulltext' });
  } catch {
    broken = true;
    return null;
  }
  worker.onmessage = (e: MessageEvent<Reply>) => {
    const w = waiting.get(e.data.seq);
    if (!w) return;
    waiting.delete(e.data.seq);
    if (e.data.doc) w.resolve(e.data.doc);
    else w.reject(new Error(e.data.error ?? 'the full text could not be rendered'));
  };
  worker.onerror = (e) => {
    // The worker did not load (or died): render the waiting texts here from now on.
    e.preventDefault();
    broken = true;
    worker?.terminate();
    worker = null;
    const pending = [...waiting.values()];
    waiting.clear();
    for (const w of pending) w.reject(new Error('worker'));
  };
  return worker;
}

async function inline(src: string, opts: RenderOptions): Promise<RenderedDoc> {
  const { renderDocument } = await import('./document');
  return renderDocument(src, opts);
}

/** prepare parses and renders src; the promise of an older call still settles. */
export async function prepare(src: string, opts: RenderOptions): Promise<RenderedDoc> {
  const w = startWorker();
  if (!w) return inline(src, opts);
  const n = ++seq;
  try {
    return await new Promise<RenderedDoc>((resolve, reject) => {
      waiting.set(n, { resolve, reject });
      w.postMessage({ seq: n, src, opts });
    });
  } catch {
    return inline(src, opts);
  }
}
