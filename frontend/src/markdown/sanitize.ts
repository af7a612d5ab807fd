// The second line of defence for a full text: document.ts makes only safe HTML, and DOMPurify
// checks every chunk again before it reaches the page, against the little document.ts makes: no
// images, media, forms, frames, SVG, MathML or styles, no event handlers, links only to https. The
// HTML is parsed by DOMPurify into a fragment that the page inserts: no innerHTML of ours.
// Math placeholders are then rendered by KaTeX, which builds its own DOM (src/math/render.ts).
import DOMPurify from 'dompurify';
import type katexModule from 'katex';
import { renderMath } from '../math/render';

const TAGS = [
  'a',
  'blockquote',
  'br',
  'code',
  'del',
  'div',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'li',
  'ol',
  'p',
  'pre',
  's',
  'span',
  'strong',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
];
/** Attributes whose value is not a URL (DOMPurify checks the others against ALLOWED_URI_REGEXP). */
const PLAIN_ATTRS = ['rel', 'start', 'tabindex', 'data-tex', 'data-h'];
const ATTRS = ['href', 'title', 'class', ...PLAIN_ATTRS];

let hooked = false;

function hook(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      // Whatever got through is still not followed by the webview: the page opens links itself.
      node.setAttribute('rel', 'noopener noreferrer');
      if (!/^https:\/\//i.test(node.getAttribute('href') ?? '')) node.removeAttribute('href');
    }
    if (node.hasAttribute('tabindex') && node.getAttribute('tabindex') !== '-1')
      node.removeAttribute('tabindex');
  });
}

/** sanitize turns a chunk of document.ts's HTML into nodes for the page. */
export function sanitize(html: string): DocumentFragment {
  hook();
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS: TAGS,
    ALLOWED_ATTR: ATTRS,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOWED_URI_REGEXP: /^https:\/\//i,
    ADD_URI_SAFE_ATTR: PLAIN_ATTRS,
    RETURN_DOM_FRAGMENT: true,
  });
}

type Katex = typeof katexModule;

/** renderMathIn renders the math placeholders under root; a formula KaTeX can't parse stays source. */
export function renderMathIn(root: ParentNode, katex: Katex): number {
  let n = 0;
  for (const el of root.querySelectorAll<HTMLElement>('.math[data-tex]')) {
    const tex = el.dataset.tex ?? '';
    el.removeAttribute('data-tex');
    if (renderMath(katex, tex, el, el.classList.contains('display'))) el.classList.add('rendered');
    n++;
  }
  return n;
}
