// Dates are Daily Papers dates, YYYY-MM-DD, calendar days with no time zone: all arithmetic is in UTC.

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

export function isDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = parse(s);
  return d !== null && iso(d) === s;
}

export function isMonth(s: string): boolean {
  const m = MONTH_RE.exec(s);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

function parse(s: string): Date | null {
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? null : d;
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** "Tue, 26 May 2026" */
export function formatDay(s: string): string {
  const d = parse(s);
  if (!d) return s;
  return `${WEEKDAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "26 May" */
export function formatShortDay(s: string): string {
  const d = parse(s);
  if (!d) return s;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/** "26 May", with the year when it differs from the reference date's ("31 Jul 2024"). */
export function formatShortDayNear(s: string, ref: string): string {
  const short = formatShortDay(s);
  return s.slice(0, 4) === ref.slice(0, 4) || !isDate(s) ? short : `${short} ${s.slice(0, 4)}`;
}

/** "Tue 26" for the sidebar */
export function formatSidebarDay(s: string): { weekday: string; day: string } {
  const d = parse(s);
  if (!d) return { weekday: '', day: s };
  return { weekday: WEEKDAYS[d.getUTCDay()] ?? '', day: `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}` };
}

/** "May 2026" */
export function formatMonth(s: string): string {
  const m = MONTH_RE.exec(s);
  if (!m) return s;
  return `${MONTHS_LONG[Number(m[2]) - 1] ?? ''} ${m[1]}`;
}

export function addDays(s: string, n: number): string {
  const d = parse(s);
  if (!d) return s;
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
}

/** The Monday of the ISO week that holds s. */
export function weekStart(s: string): string {
  const d = parse(s);
  if (!d) return s;
  const back = (d.getUTCDay() + 6) % 7;
  return addDays(s, -back);
}

export function monthOf(s: string): string {
  return s.slice(0, 7);
}

export function monthRange(month: string): { from: string; to: string } {
  const m = MONTH_RE.exec(month);
  if (!m) return { from: month, to: month };
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

export function addMonths(month: string, n: number): string {
  const m = MONTH_RE.exec(month);
  if (!m) return month;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1 + n, 1));
  return iso(d).slice(0, 7);
}

/** Today as a local calendar date. */
export function today(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", else a date. */
export function relativeTime(isoTime: string, now: Date = new Date()): string {
  if (!isoTime) return '';
  const t = new Date(isoTime).getTime();
  if (Number.isNaN(t)) return '';
  const s = Math.max(0, Math.round((now.getTime() - t) / 1000));
  if (s < 45) return 'just now';
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 24) return `${h} h ago`;
  const days = Math.round(h / 24);
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  return formatDay(today(new Date(t)));
}
