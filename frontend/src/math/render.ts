// KaTeX, loaded on first use so the start-up bundle stays small. Its CSS and fonts come with the lazy
// chunk from the app's own files: rendering math never makes a request outside the app.
//
// Safety: `trust: false` refuses \href, \url, \includegraphics and \html*; KaTeX builds DOM nodes
// itself (katex.render), so no HTML string from paper text is ever parsed. A formula KaTeX can't
// parse is shown as its TeX source, as plain text.
import type katexModule from 'katex';

type Katex = typeof katexModule;

let loading: Promise<Katex> | null = null;
let loaded: Katex | null = null;

/** loadKatex imports KaTeX and its stylesheet once; every caller shares the same promise. */
export function loadKatex(): Promise<Katex> {
  loading ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([m]) => {
    loaded = m.default;
    return loaded;
  });
  return loading;
}

/** katexReady: KaTeX is loaded, so rendering can happen synchronously. */
export function katexReady(): Katex | null {
  return loaded;
}

const OPTIONS = {
  trust: false,
  strict: 'ignore',
  throwOnError: true,
  // Bounds on what one formula may cost: macro expansions and sizes (in em).
  maxExpand: 200,
  maxSize: 8,
  output: 'htmlAndMathml',
} as const;

/**
 * renderMath renders tex into el with a loaded KaTeX; it returns false (leaving el untouched)
 * when KaTeX can't parse it, so the caller keeps the source text.
 */
export function renderMath(katex: Katex, tex: string, el: HTMLElement, display: boolean): boolean {
  const box = document.createElement('span');
  try {
    katex.render(tex, box, { ...OPTIONS, displayMode: display });
  } catch {
    return false;
  }
  el.replaceChildren(...box.childNodes);
  return true;
}
