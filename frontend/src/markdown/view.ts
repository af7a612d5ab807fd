// TextView puts a rendered full text (document.ts) on the page a few chunks at a time: each chunk
// is sanitised (sanitize.ts), its math rendered, and inserted; after SLICE_MS the window gets its
// turn before the next chunks go in. A huge text shows its start at once and never freezes the page.
import type katexModule from 'katex';
import type { RenderedDoc } from './document';
import { renderMathIn, sanitize } from './sanitize';

/**
 * SLICE_MS: the longest the page spends inserting chunks before it lets the window breathe: short
 * for the first slice (the text's start shows at once), longer after, as every frame in between
 * lays out and paints the text so far again.
 */
export const FIRST_SLICE_MS = 12;
export const SLICE_MS = 40;

type Katex = typeof katexModule;

interface Waiter {
  chunk: number;
  run: number;
  resolve: (ok: boolean) => void;
}

export interface Timing {
  /** ms from show() to the first chunks on the page, and to all of them. */
  first: number;
  all: number;
  /** The longest slice, in ms: how long the page was busy at most. */
  longest: number;
}

export class TextView {
  readonly root: HTMLElement;
  rendered = 0;
  timing: Timing = { first: 0, all: 0, longest: 0 };
  #doc: RenderedDoc | null = null;
  #katex: Katex | null = null;
  #run = 0;
  #headings: HTMLElement[] = [];
  /** The body of the last table inserted: a chunk of rows goes on in it. */
  #lastBody: HTMLTableSectionElement | null = null;
  #waiters: Waiter[] = [];
  #onchange: () => void;

  /** onchange runs after every slice (the caller updates what it shows of the progress). */
  constructor(root: HTMLElement, onchange: () => void = () => {}) {
    this.root = root;
    this.#onchange = onchange;
  }

  get total(): number {
    return this.#doc?.chunks.length ?? 0;
  }

  get done(): boolean {
    return this.#doc !== null && this.rendered >= this.total;
  }

  /** show replaces what the view shows with doc (math through katex, when there is some). */
  show(doc: RenderedDoc, katex: Katex | null): void {
    this.stop();
    const run = this.#run;
    this.#doc = doc;
    this.#katex = katex;
    this.root.replaceChildren();
    this.#headings = [];
    this.#lastBody = null;
    this.rendered = 0;
    this.timing = { first: 0, all: 0, longest: 0 };
    const t0 = performance.now();
    const pump = () => {
      if (run !== this.#run) return;
      const start = performance.now();
      const deadline = start + (this.rendered === 0 ? FIRST_SLICE_MS : SLICE_MS);
      do this.#insert(doc.chunks[this.rendered++]);
      while (this.rendered < doc.chunks.length && performance.now() < deadline);
      const now = performance.now();
      this.timing.longest = Math.max(this.timing.longest, Math.round(now - start));
      if (!this.timing.first) this.timing.first = Math.round(now - t0);
      if (this.rendered >= doc.chunks.length) {
        this.timing.all = Math.round(now - t0);
        this.reachable();
      }
      this.#wake();
      this.#onchange();
      if (this.rendered < doc.chunks.length) setTimeout(pump, 0);
    };
    if (doc.chunks.length) pump();
    else this.#onchange();
  }

  /**
   * reachable lets the keyboard reach what scrolls on its own (a wide table, a long code block, a
   * wide formula): such a box takes the focus, so the arrow keys scroll it. Run it after a resize.
   */
  reachable(): void {
    for (const el of this.root.querySelectorAll<HTMLElement>('.tw, pre, .math.display')) {
      const scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      if (scrolls === el.hasAttribute('tabindex')) continue;
      if (scrolls) {
        el.tabIndex = 0;
        el.setAttribute('role', 'group');
        el.setAttribute('aria-label', el.matches('.tw') ? 'Table' : el.matches('pre') ? 'Code' : 'Formula');
      } else {
        el.removeAttribute('tabindex');
        el.removeAttribute('role');
        el.removeAttribute('aria-label');
      }
    }
  }

  /** stop ends the rendering going on; waiters resolve false. */
  stop(): void {
    this.#run++;
    const waiting = this.#waiters;
    this.#waiters = [];
    for (const w of waiting) w.resolve(false);
  }

  /** heading is the element of heading n, once it is on the page. */
  heading(n: number): HTMLElement | undefined {
    return this.#headings[n];
  }

  /** until resolves true once chunk is on the page, false if the view moved on to another text. */
  until(chunk: number): Promise<boolean> {
    if (chunk < this.rendered) return Promise.resolve(true);
    return new Promise((resolve) => this.#waiters.push({ chunk, run: this.#run, resolve }));
  }

  #wake(): void {
    const still: Waiter[] = [];
    for (const w of this.#waiters) {
      if (w.run !== this.#run) w.resolve(false);
      else if (w.chunk < this.rendered) w.resolve(true);
      else still.push(w);
    }
    this.#waiters = still;
  }

  #insert(c: RenderedDoc['chunks'][number] | undefined): void {
    if (!c) return;
    const frag = sanitize(c.html);
    if (this.#katex) renderMathIn(frag, this.#katex);
    for (const el of frag.querySelectorAll<HTMLElement>('[data-h]'))
      this.#headings[Number(el.dataset.h)] = el;
    if (c.rows && this.#lastBody) {
      this.#lastBody.append(...frag.querySelectorAll('tr'));
      return;
    }
    const bodies = frag.querySelectorAll('tbody');
    this.#lastBody = bodies[bodies.length - 1] ?? this.#lastBody;
    this.root.append(frag);
  }
}
