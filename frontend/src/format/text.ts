/**
 * authorsShort names the first authors and counts the rest: "Ada Lovelace, Alan Turing +3".
 * total is the paper's author count (names may be fewer: hidden authors are not sent).
 */
export function authorsShort(names: string[], total: number, first = 2): string {
  const n = Math.max(total, names.length);
  if (names.length === 0) return n > 0 ? plural(n, 'author') : '';
  const shown = names.slice(0, first);
  const rest = n - shown.length;
  return rest > 0 ? `${shown.join(', ')} +${grouped(rest)}` : shown.join(', ');
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${grouped(n)} ${n === 1 ? one : many}`;
}

/**
 * 12345 → "12,345", as toLocaleString('en-US') writes it: a list formats a few numbers a row, and
 * each toLocaleString with a locale costs ~25 µs in WebKit (it builds an Intl formatter).
 */
export function grouped(n: number): string {
  const [int = '', frac] = String(n).split('.');
  return int.replace(/\B(?=(\d{3})+$)/g, ',') + (frac ? `.${frac}` : '');
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
