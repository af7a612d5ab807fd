export interface Piece {
  t: string;
  tex: boolean;
}

// Inline LaTeX such as $\mathcal{O}(n)$ or $$x^2$$, kept short so a stray "$" cannot swallow a paragraph.
const TEX_RE = /\$\$[^$]{1,400}\$\$|\$[^$\n]{1,200}\$/g;

/** splitTex cuts text into plain and LaTeX pieces; they are rendered as text nodes, never HTML. */
export function splitTex(s: string): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const m of s.matchAll(TEX_RE)) {
    const i = m.index;
    if (i > last) out.push({ t: s.slice(last, i), tex: false });
    out.push({ t: m[0], tex: true });
    last = i + m[0].length;
  }
  if (last < s.length) out.push({ t: s.slice(last), tex: false });
  return out;
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** 1234 → "1.2k" */
export function compact(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}
