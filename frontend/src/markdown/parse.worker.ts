// The worker that parses full texts off the page's thread (client.ts starts it): a 1.5 MB text
// takes a few hundred ms to parse, which would freeze the window.
import { renderDocument, type RenderOptions } from './document';

interface Request {
  seq: number;
  src: string;
  opts: RenderOptions;
}

// The worker's global scope (the project's types are the page's: DOM, not WebWorker).
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Request>) => void) | null;
  postMessage(data: unknown): void;
};

scope.onmessage = (e) => {
  const { seq, src, opts } = e.data;
  try {
    scope.postMessage({ seq, doc: renderDocument(src, opts) });
  } catch (err) {
    scope.postMessage({ seq, error: String(err) });
  }
};
