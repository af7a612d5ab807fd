// A paper's full text (untrusted Markdown from Hugging Face) as HTML, in chunks the page can
// sanitise and insert a few at a time, with the headings for an outline. No DOM here: this runs in
// a worker (parse.worker.ts) or, where there is none, on the page (client.ts).
//
// Safety, first line (sanitize.ts is the second):
//   - markdown-it with `html: false`: raw HTML in the text is shown as text;
//   - links only to https URLs (links.ts); any other link is its text, without the link;
//   - images are never loaded: an image is its alt text and, if it is https, a link to it;
//   - table alignment becomes a class, not a style attribute; headings get no ids from the text;
//   - TeX is left as its source, in placeholders the page renders with KaTeX (trust: false).
import MarkdownIt from 'markdown-it';
import type { Env, MarkdownIt as Md, Renderer, Token } from 'markdown-it';
import { safeHref } from './links';
import { mathPlugin } from './math';

/** A heading of the text: n is its place among the headings (data-h in the HTML). */
export interface Heading {
  n: number;
  /** Its level in the Markdown (1 for #). */
  level: number;
  /** Its text, TeX as source, at most 200 characters: what a reading position's anchor holds. */
  text: string;
  /** The chunk that holds it. */
  chunk: number;
}

/** A piece of the HTML. rows: it is a table of rows that continue the previous chunk's last table. */
export interface Chunk {
  html: string;
  rows: boolean;
}

export interface RenderedDoc {
  chunks: Chunk[];
  headings: Heading[];
  /** Formulas in the text (KaTeX is loaded only when there are some). */
  math: number;
  /** Characters of HTML in all. */
  size: number;
  /** Time the parse and render took, in ms. */
  ms: number;
}

export interface RenderOptions {
  /** The level of the text's top headings on the page: # becomes <h{base}>. */
  base: number;
}

/** About this much HTML per chunk: a chunk is sanitised and inserted in one go (a few ms). */
export const CHUNK_HTML = 24_000;
/** Rows of a long table per chunk. */
export const TABLE_ROWS = 50;
/**
 * Deepest nesting of lists and quotes laid out; what is deeper is shown as plain text where it is
 * (markdown-it's own limit, maxNesting, would drop it and everything after it).
 */
const MAX_DEPTH = 48;
const MAX_ANCHOR = 200;
/** Control characters: a reading position's anchor may hold none. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

const md = new MarkdownIt('default', {
  html: false,
  linkify: false,
  typographer: false,
  breaks: false,
});
md.use(mathPlugin);
const tokenize = md.block.tokenize.bind(md.block);
md.block.tokenize = (state, startLine, endLine) => {
  if (state.level < MAX_DEPTH) return tokenize(state, startLine, endLine);
  // As the block tokenizer would, stop at the first line that leaves the container.
  let line = startLine;
  while (line < endLine && (state.isEmpty(line) || (state.sCount[line] ?? 0) >= state.blkIndent)) line++;
  const t = state.push('too_deep', 'pre', 0);
  t.block = true;
  t.content = state.getLines(startLine, line, state.blkIndent, false);
  t.map = [startLine, line];
  state.line = line;
};
// Every link is parsed as a link; the renderer decides whether it stays one (links.ts).
md.validateLink = () => true;

const esc = md.utils.escapeHtml;

/** What the renderer keeps while it renders one text. */
interface DocEnv extends Env {
  /** For each open link: whether it became an <a>. */
  links: boolean[];
  /** The outline levels of the headings, by their n. */
  tags: number[];
  heading: number;
}

type Rule = (tokens: Token[], idx: number, options: Md['options'], env: DocEnv, self: Renderer) => string;
const rules = md.renderer.rules as unknown as Record<string, Rule>;

rules.link_open = (tokens, idx, _o, env: DocEnv) => {
  const href = safeHref((tokens[idx] as Token).attrGet('href') as string | null);
  const inLink = env.links.some(Boolean);
  env.links.push(!!href && !inLink);
  if (!href || inLink) return '<span class="nolink" title="Not a link here: only https links open">';
  return `<a class="ext" href="${esc(href)}" title="${esc(href)}" rel="noopener noreferrer">`;
};
rules.link_close = (_t, _i, _o, env: DocEnv) => (env.links.pop() ? '</a>' : '</span>');

rules.image = (tokens, idx, options, env: DocEnv, self) => {
  const t = tokens[idx] as Token;
  const alt = self.renderInlineAsText(t.children ?? [], options, env).trim();
  const src = safeHref(t.attrGet('src') as string | null);
  const label = `<span class="img-tag">Image</span> <span class="img-alt">${esc(alt || 'no description')}</span>`;
  if (!src || env.links.some(Boolean)) return `<span class="img">${label}</span>`;
  return `<span class="img">${label} <a class="ext img-link" href="${esc(src)}" title="${esc(src)}" rel="noopener noreferrer">open</a></span>`;
};

rules.heading_open = (tokens, idx, _o, env: DocEnv) => {
  const n = env.heading++;
  const level = Number((tokens[idx] as Token).tag.slice(1));
  return `<h${env.tags[n] ?? 6} class="md-h md-h${level}" data-h="${n}" tabindex="-1">`;
};
rules.heading_close = (_t, _i, _o, env: DocEnv) => `</h${env.tags[env.heading - 1] ?? 6}>\n`;

rules.table_open = (tokens, idx) =>
  (tokens[idx] as Token).meta?.long ? '<div class="tw"><table class="long">\n' : '<div class="tw"><table>\n';
rules.table_close = () => '</table></div>\n';

function alignCell(tag: 'th' | 'td'): Rule {
  return (tokens, idx) => {
    const style = String((tokens[idx] as Token).attrGet('style') ?? '');
    const m = /text-align:(left|right|center)/.exec(style);
    return m ? `<${tag} class="al-${m[1]}">` : `<${tag}>`;
  };
}
rules.th_open = alignCell('th');
rules.td_open = alignCell('td');

rules.too_deep = (tokens, idx) => `<pre class="too-deep">${esc((tokens[idx] as Token).content)}</pre>\n`;

rules.math_inline = (tokens, idx) => {
  const t = tokens[idx] as Token;
  const cls = t.markup === 'display' ? 'math display' : 'math';
  return `<span class="${cls}" data-tex="${esc(t.content)}">${esc(t.info)}</span>`;
};
rules.math_block = (tokens, idx) => {
  const t = tokens[idx] as Token;
  return `<div class="math display block" data-tex="${esc(t.content)}">${esc(t.info)}</div>\n`;
};

/** plain is a heading's text: its words, code and TeX source, on one line. */
function plain(children: Token[] | null): string {
  let s = '';
  for (const c of children ?? []) {
    if (c.type === 'text' || c.type === 'code_inline') s += c.content;
    else if (c.type === 'math_inline') s += c.info;
    else if (c.type === 'softbreak' || c.type === 'hardbreak') s += ' ';
    else if (c.type === 'image') s += plain(c.children);
  }
  s = s.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
  return [...s].slice(0, MAX_ANCHOR).join('');
}

/**
 * outlineLevels maps each heading to the level it gets on the page: the text's levels in order from
 * base, and never more than one below the heading before (so the page's headings stay in order).
 */
function outlineLevels(levels: number[], base: number): number[] {
  const ranks = [...new Set(levels)].sort((a, b) => a - b);
  let prev = base - 1;
  return levels.map((l) => {
    const out = Math.min(base + ranks.indexOf(l), prev + 1, 6);
    prev = out;
    return out;
  });
}

/** blocks cuts the token stream into its top-level blocks (a paragraph, a list, a table…). */
function blocks(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  let open: Token | null = null;
  let start = 0;
  tokens.forEach((t, i) => {
    if (!open) {
      start = i;
      if (t.nesting !== 1) {
        out.push([t]);
        return;
      }
      open = t;
      return;
    }
    if (t.level === open.level && t.nesting === -1) {
      out.push(tokens.slice(start, i + 1));
      open = null;
    }
  });
  if (open) out.push(tokens.slice(start));
  return out;
}

/** tableRows cuts a table block into its head (up to tbody_open), its body rows and its tail. */
function tableRows(block: Token[]): { head: Token[]; rows: Token[][]; tail: Token[] } | null {
  const body = block.findIndex((t) => t.type === 'tbody_open');
  if (body < 0) return null;
  const rows: Token[][] = [];
  let row = -1;
  let tail = block.length;
  for (let i = body + 1; i < block.length; i++) {
    const type = block[i]?.type;
    if (type === 'tr_open') row = i;
    else if (type === 'tr_close' && row >= 0) {
      rows.push(block.slice(row, i + 1));
      row = -1;
    } else if (type === 'tbody_close') {
      tail = i;
      break;
    }
  }
  return { head: block.slice(0, body + 1), rows, tail: block.slice(tail) };
}

/** renderDocument parses and renders a full text, in chunks. */
export function renderDocument(src: string, opts: RenderOptions): RenderedDoc {
  const t0 = performance.now();
  const env: DocEnv = { links: [], tags: [], heading: 0 };
  const tokens = md.parse(src, env);
  const headings: Heading[] = [];
  let math = 0;
  tokens.forEach((t, i) => {
    if (t.type === 'heading_open') {
      const level = Number(t.tag.slice(1));
      headings.push({ n: headings.length, level, text: plain(tokens[i + 1]?.children ?? null), chunk: 0 });
    } else if (t.type === 'math_block') math++;
    else if (t.type === 'inline') for (const c of t.children ?? []) if (c.type === 'math_inline') math++;
  });
  env.tags = outlineLevels(
    headings.map((h) => h.level),
    opts.base,
  );

  const chunks: Chunk[] = [];
  let html = '';
  let size = 0;
  const push = (out: string, rows: boolean) => {
    chunks.push({ html: out, rows });
    size += out.length;
  };
  const flush = () => {
    if (html) push(html, false);
    html = '';
  };
  const render = (ts: Token[]) => md.renderer.render(ts, md.options, env);
  let next = 0; // the next heading, in order
  for (const block of blocks(tokens)) {
    const first = block[0];
    const table = first?.type === 'table_open' ? tableRows(block) : null;
    if (first && table && table.rows.length > TABLE_ROWS) {
      // A long table goes in pieces of rows; the page adds each piece's rows to the first's table.
      flush();
      // Laid out by its first rows (table-layout: fixed), so each piece does not lay out the whole table again.
      first.meta = { ...first.meta, long: true };
      const bodyOpen = table.head.filter((t) => t.type === 'tbody_open');
      for (let r = 0; r < table.rows.length; r += TABLE_ROWS) {
        const head = r === 0 ? table.head : [first, ...bodyOpen];
        push(render([...head, ...table.rows.slice(r, r + TABLE_ROWS).flat(), ...table.tail]), r > 0);
      }
      continue;
    }
    const out = render(block);
    if (html && html.length + out.length > CHUNK_HTML) flush();
    for (const t of block) {
      const h = t.type === 'heading_open' ? headings[next++] : undefined;
      if (h) h.chunk = chunks.length;
    }
    html += out;
  }
  flush();
  return { chunks, headings, math, size, ms: Math.round(performance.now() - t0) };
}
