// TeX in a full text, as a markdown-it plugin: `$…$` by pandoc's rule (src/math/delimiters.ts, so a
// `$` that is money stays text), `$$…$$`, `\(…\)` and `\[…\]`, inline or as blocks of their own.
// The plugin only finds the math: it becomes a math_inline or math_block token whose content is the
// TeX and whose info is the source with its delimiters; document.ts renders it as a placeholder
// holding the source as text, and the page hands the TeX to KaTeX (src/math/render.ts).
import type { MarkdownIt, StateBlock, StateInline } from 'markdown-it';
import { displayEnd, inlineEnd } from '../math/delimiters';

/** Longest formula looked for, so a stray delimiter can't make a whole section one formula. */
const MAX_MATH = 4000;
/** Most lines a display block may span. */
const MAX_LINES = 80;

const DOLLAR = 0x24;
const BACKSLASH = 0x5c;

/** bracketEnd returns the index of the `\)` or `\]` closing `\(` or `\[` at open, or -1. */
function bracketEnd(s: string, open: number, close: string): number {
  const limit = Math.min(s.length - 1, open + 2 + MAX_MATH);
  for (let j = open + 2; j < limit; j++) {
    const c = s[j];
    if (c === '\n' && /^\n[ \t\r]*\n/.test(s.slice(j, j + 64))) return -1; // a blank line: not math
    if (c !== '\\') continue;
    if (s[j + 1] === close) return j > open + 2 ? j : -1;
    j++; // an escaped character is content (\\ is a TeX line break)
  }
  return -1;
}

function pushMath(state: StateInline, tex: string, source: string, display: boolean): void {
  const t = state.push('math_inline', 'span', 0);
  t.content = tex.trim();
  t.info = source;
  t.markup = display ? 'display' : '';
}

/** mathInline: math inside a paragraph, a heading, a table cell or a list item. */
function mathInline(state: StateInline, silent: boolean): boolean {
  const s = state.src;
  const pos = state.pos;
  const c = s.charCodeAt(pos);
  if (c === BACKSLASH) {
    const kind = s[pos + 1];
    if (kind !== '(' && kind !== '[') return false;
    const end = bracketEnd(s, pos, kind === '(' ? ')' : ']');
    if (end < 0 || end + 2 > state.posMax) return false; // the escape rule makes it text
    if (!silent) pushMath(state, s.slice(pos + 2, end), s.slice(pos, end + 2), kind === '[');
    state.pos = end + 2;
    return true;
  }
  if (c !== DOLLAR) return false;
  if (s.charCodeAt(pos + 1) === DOLLAR) {
    const end = displayEnd(s, pos);
    if (end > 0 && end + 2 <= state.posMax) {
      if (!silent) pushMath(state, s.slice(pos + 2, end), s.slice(pos, end + 2), true);
      state.pos = end + 2;
      return true;
    }
  } else {
    const end = inlineEnd(s, pos);
    if (end > 0 && end < state.posMax) {
      if (!silent) pushMath(state, s.slice(pos + 1, end), s.slice(pos, end + 1), false);
      state.pos = end + 1;
      return true;
    }
  }
  // A `$` that opens nothing is text, and scanning goes on after it (as splitMath does).
  if (!silent) state.pending += '$';
  state.pos++;
  return true;
}

/** mathBlock: a display formula on lines of its own, from a line starting `$$` or `\[` to one ending `$$` or `\]`. */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if ((state.sCount[startLine] ?? 0) - state.blkIndent >= 4) return false; // indented code
  const start = (state.bMarks[startLine] ?? 0) + (state.tShift[startLine] ?? 0);
  const first = state.src.slice(start, state.eMarks[startLine]).trimEnd();
  let close: string;
  if (first.startsWith('$$')) close = '$$';
  else if (first.startsWith('\\[')) close = '\\]';
  else return false;
  const rest = first.slice(2);
  const at = rest.indexOf(close);
  let body: string[];
  let last = startLine;
  if (at >= 0) {
    // One line: `$$ x $$`; something after the closing delimiter makes it a paragraph's.
    if (at + close.length !== rest.length) return false;
    body = [rest.slice(0, at)];
  } else {
    body = [rest];
    let found = false;
    for (let l = startLine + 1; l < endLine && l <= startLine + MAX_LINES; l++) {
      if (state.isEmpty(l) || (state.sCount[l] ?? 0) < state.blkIndent) return false; // never closed
      const from = (state.bMarks[l] ?? 0) + (state.tShift[l] ?? 0);
      const line = state.src.slice(from, state.eMarks[l]).trimEnd();
      const end = line.indexOf(close);
      if (end >= 0) {
        if (end + close.length !== line.length) return false;
        body.push(line.slice(0, end));
        last = l;
        found = true;
        break;
      }
      body.push(line);
    }
    if (!found) return false;
  }
  const tex = body.join('\n').trim();
  if (tex === '' || tex.length > MAX_MATH) return false;
  if (silent) return true;
  const t = state.push('math_block', 'div', 0);
  t.block = true;
  t.content = tex;
  t.info = state.src.slice(start, state.eMarks[last]).trim();
  t.map = [startLine, last + 1];
  state.line = last + 1;
  return true;
}

/** mathPlugin teaches md TeX math; rendering it is the renderer's business (document.ts). */
export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });
}
