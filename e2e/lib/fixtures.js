// The test object every spec uses: baseURL is the running `paperboy serve`, and every page
// carries a tripwire that records any attempt to set window.__pwned (the hostile corpus tries).
import { test as base, expect } from '@playwright/test';
import { readState } from './procs.js';

export const test = base.extend({
  st: async ({}, use) => use(readState()),
  baseURL: async ({}, use) => use(readState().serve.url),
  page: async ({ page }, use) => {
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.addInitScript(() => {
      const hits = [];
      Object.defineProperty(window, '__pwnedHits', { value: hits });
      Object.defineProperty(window, '__pwned', {
        configurable: false,
        get: () => undefined,
        set: (v) => hits.push(String(v)),
      });
    });
    await use(page);
    const hits = await page.evaluate(() => window.__pwnedHits).catch(() => []);
    expect(hits, 'script from paper text ran').toEqual([]);
    expect(errors, 'uncaught errors or dialogs in the page').toEqual([]);
  },
});

export { expect };

/** readRows returns what every rendered row of the list shows, in order. */
export function readRows(page) {
  return page.$$eval('main article.row', (els) =>
    els.map((el) => ({
      id: el.dataset.card,
      index: Number(el.dataset.index),
      title: el.querySelector('.title a').textContent,
      math: !!el.querySelector('.title .katex'),
      upvotes: el.querySelector('.votes span').textContent.trim(),
      authors: el.querySelector('.meta .authors')?.textContent ?? '',
      org: el.querySelector('.meta .org')?.textContent ?? '',
      code: !!el.querySelector('.actions .code'),
      unreadDot: !!el.querySelector('.title .dot'),
      unreadClass: el.classList.contains('unread'),
      saved: el.querySelector('.actions button[aria-pressed]').getAttribute('aria-pressed') === 'true',
    })),
  );
}

/** authorsShort mirrors the rows' author line: "Ada Lovelace, Alan Turing +3". */
export function authorsShort(names, total) {
  const n = Math.max(total, names.length);
  if (names.length === 0) return n > 0 ? `${n.toLocaleString('en-US')} author${n === 1 ? '' : 's'}` : '';
  const shown = names.slice(0, 2);
  const rest = n - shown.length;
  return rest > 0 ? `${shown.join(', ')} +${rest.toLocaleString('en-US')}` : shown.join(', ');
}

/** compact mirrors the frontend's number format (1234 → 1.2k), for comparing with the API's numbers. */
export function compact(n) {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

/** openDay loads a day (or the latest, date "") and waits for its rows or its empty state. */
export async function openDay(page, date = '') {
  await page.goto(date ? `/#/day/${date}` : '/#/');
  await settled(page);
}

/** settled waits until the list page has loaded: no skeleton, not busy. */
export async function settled(page) {
  await expect(page.locator('main section.view')).toHaveAttribute('aria-busy', 'false');
  await expect(page.locator('main .skeleton, main .loading')).toHaveCount(0);
}

/** pane is the reading pane of the two-pane reader. */
export function pane(page) {
  return page.getByRole('region', { name: 'Selected paper' });
}

/** notice is the toast that says what a key did, or what went wrong. */
export function notice(page) {
  return page.locator('.notice .text');
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** formatDay: "Fri, 27 Nov 2026", as the day headers say. */
export function formatDay(s) {
  const d = new Date(`${s}T00:00:00Z`);
  return `${WEEKDAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** focusedIndex is the data-index of the row (or card) holding the focus, or null. */
export function focusedIndex(page) {
  return page.evaluate(() => {
    const el = document.activeElement?.closest?.('article.row, article.card');
    return el ? Number(el.dataset.index) : null;
  });
}

/** pause lets the keyboard's typing guard lapse between a field and list keys. */
export const pause = (page) => page.waitForTimeout(800);
