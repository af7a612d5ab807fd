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

/** 12345678 → "11.8 MB" (binary units, as file managers show them). */
export function bytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1).replace(/\.0$/, '')} ${units[u]}`;
}
