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

/** cards returns what every rendered card shows, in order. */
export function readCards(page) {
  return page.$$eval('main article.card', (els) =>
    els.map((el) => {
      const meta = [...el.querySelectorAll('.meta > span')].map((s) => s.textContent.trim());
      return {
        id: el.dataset.card,
        title: el.querySelector('.title a').textContent,
        upvotes: el.querySelector('.votes span').textContent.trim(),
        unreadDot: !!el.querySelector('.title .dot'),
        unreadClass: el.classList.contains('unread'),
        saved: el.querySelector('.actions button[aria-pressed]').getAttribute('aria-pressed') === 'true',
        meta,
      };
    }),
  );
}

/** compact mirrors the frontend's number format (1234 → 1.2k), for comparing with the API's numbers. */
export function compact(n) {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

/** openDay loads a day (or the latest, date "") and waits for its cards or its empty state. */
export async function openDay(page, date = '') {
  await page.goto(date ? `/#/day/${date}` : '/#/');
  await expect(page.locator('main section.view')).toHaveAttribute('aria-busy', 'false');
  await expect(page.locator('main .loading')).toHaveCount(0);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** formatDay: "Fri, 27 Nov 2026", as the day headers say. */
export function formatDay(s) {
  const d = new Date(`${s}T00:00:00Z`);
  return `${WEEKDAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** focusedIndex is the data-index of the card holding the focus, or null. */
export function focusedIndex(page) {
  return page.evaluate(() => {
    const el = document.activeElement?.closest?.('article.card');
    return el ? Number(el.dataset.index) : null;
  });
}
