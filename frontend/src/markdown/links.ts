// Which URLs from a full text become links: the same rule as the Go side's paperboy.SafeURL
// (absolute https, a host, no credentials, no spaces, quotes, backslashes or angle brackets, at
// most 2,048 characters). Everything else (javascript:, data:, http:, //host, #fragment, a
// relative path) stays text.

const MAX_URL = 2048;

/** safeHref returns the URL as a link may carry it, or null when it must not be a link. */
export function safeHref(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if (s === '' || s.length > MAX_URL || /[\s\\"<>]/.test(s)) return null;
  if (!/^https:\/\//i.test(s)) return null;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' || u.hostname === '' || u.username !== '' || u.password !== '') return null;
  return u.href;
}
