// Where TeX math starts and ends in untrusted text, by pandoc's tex_math_dollars rule, so that
// money ("Serving LLaMA-70B on $60 GPUs", "for 1$") stays text:
//
//   - inline `$…$`: the opening `$` has a non-space right after it; the content runs to the first
//     unescaped `$`, which must have a non-space before it and no digit after it; no blank line inside;
//   - display `$$…$$`: anything but a blank line up to the next `$$`;
//   - `\$` is a literal dollar, outside math and inside it;
//   - when a `$` can't open math it is text, and scanning goes on after it.
//
// The pieces are plain data: callers render text as text nodes and hand math to KaTeX (render.ts).

export type Piece =
  | { kind: 'text'; text: string }
  | {
      kind: 'math';
      /** The TeX between the delimiters, trimmed. */
      tex: string;
      display: boolean;
      /** The source with its delimiters, shown when KaTeX is not loaded yet or can't parse it. */
      source: string;
    };

/** Longest math span looked for, so that a stray `$` can't make a whole abstract one formula. */
const MAX_MATH = 1000;

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** blankLineAt: s[i] is a newline that starts a blank line (only spaces up to the next newline). */
function blankLineAt(s: string, i: number): boolean {
  if (s[i] !== '\n') return false;
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j];
    if (c === '\n') return true;
    if (c !== ' ' && c !== '\t' && c !== '\r') return false;
  }
  return false;
}

/** inlineEnd returns the index of the `$` closing inline math opened at `open`, or -1. */
export function inlineEnd(s: string, open: number): number {
  if (s[open + 1] === undefined || isSpace(s[open + 1])) return -1;
  const limit = Math.min(s.length, open + 1 + MAX_MATH);
  for (let j = open + 1; j < limit; j++) {
    const c = s[j];
    if (c === '\\') {
      j++; // an escaped character, \$ included, is content
      continue;
    }
    if (blankLineAt(s, j)) return -1;
    if (c === '$') {
      if (j === open + 1 || isSpace(s[j - 1]) || isDigit(s[j + 1])) return -1;
      return j;
    }
  }
  return -1;
}

/** displayEnd returns the index of the `$$` closing display math opened at `open`, or -1. */
export function displayEnd(s: string, open: number): number {
  const limit = Math.min(s.length - 1, open + 2 + MAX_MATH);
  for (let j = open + 2; j < limit; j++) {
    const c = s[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (blankLineAt(s, j)) return -1;
    if (c === '$' && s[j + 1] === '$') return j > open + 2 ? j : -1;
  }
  return -1;
}

/** hasMath is a cheap test callers use to skip splitting (and loading KaTeX) for plain text. */
export function hasMath(s: string): boolean {
  return s.includes('$') && splitMath(s).some((p) => p.kind === 'math');
}

/** splitMath cuts s into text and math pieces; joined back, text pieces and sources give s (less escapes). */
export function splitMath(s: string): Piece[] {
  const out: Piece[] = [];
  let text = '';
  let i = 0;
  const flush = () => {
    if (text) out.push({ kind: 'text', text });
    text = '';
  };
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '\\' && s[i + 1] === '$') {
      text += '$';
      i += 2;
      continue;
    }
    if (c !== '$') {
      text += c;
      i++;
      continue;
    }
    if (s[i + 1] === '$') {
      const end = displayEnd(s, i);
      if (end > 0) {
        flush();
        out.push({
          kind: 'math',
          tex: s.slice(i + 2, end).trim(),
          display: true,
          source: s.slice(i, end + 2),
        });
        i = end + 2;
        continue;
      }
    } else {
      const end = inlineEnd(s, i);
      if (end > 0) {
        flush();
        out.push({
          kind: 'math',
          tex: s.slice(i + 1, end).trim(),
          display: false,
          source: s.slice(i, end + 1),
        });
        i = end + 1;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
  return out;
}

/** plainText is s as one line of text with its math left as TeX source (for titles in tooltips, logs). */
export function plainText(s: string): string {
  return splitMath(s)
    .map((p) => (p.kind === 'text' ? p.text : p.source))
    .join('');
}
