// The morning loop at desktop size: enough rows on screen, no blank rows however fast one moves,
// launch on the newest day, the density remembered with the library.
import { call } from '../lib/procs.js';
import { expect, focusedIndex, formatDay, openDay, pane, settled, test } from '../lib/fixtures.js';

/** visibleRows counts the rows wholly inside the list's viewport. */
function visibleRows(page) {
  return page.evaluate(() => {
    const scroller = document.querySelector('main [data-scroll], main[data-scroll]');
    const box = scroller.getBoundingClientRect();
    return [...document.querySelectorAll('main article.row')].filter((r) => {
      const b = r.getBoundingClientRect();
      return b.top >= box.top && b.bottom <= box.bottom;
    }).length;
  });
}

/** blankRows lists the rows in the viewport that show no title text (an unpainted box). */
function blankRows(page) {
  return page.evaluate(() => {
    const scroller = document.querySelector('main [data-scroll], main[data-scroll]');
    const box = scroller.getBoundingClientRect();
    const out = [];
    for (const r of document.querySelectorAll('main article.row')) {
      const b = r.getBoundingClientRect();
      if (b.bottom < box.top || b.top > box.bottom) continue;
      const t = r.querySelector('.title a');
      const tb = t?.getBoundingClientRect();
      if (!t || !t.textContent.trim() || !tb || tb.width < 20 || tb.height < 8) out.push(r.dataset.index);
    }
    // And no gap: the viewport is covered by rows (or a day header) from top to bottom.
    const probe = (y) => document.elementFromPoint(box.left + box.width / 2, y)?.closest('article.row, .dayhead, .head, .banner, .more');
    const rows = document.querySelectorAll('main article.row');
    const end = Math.min(box.bottom - 4, rows[rows.length - 1].getBoundingClientRect().bottom - 2);
    const start = Math.max(box.top + 4, rows[0].getBoundingClientRect().top + 2);
    for (let y = start; y < end; y += 37) if (!probe(y)) out.push(`gap at ${Math.round(y - box.top)}px`);
    return out;
  });
}

test('at 1440×900 the compact list shows at least 12 papers next to the pane', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openDay(page);
  expect(await visibleRows(page)).toBeGreaterThanOrEqual(12);
  await expect(pane(page)).toBeVisible();
});

test('after End, PageDown and 60 × j on a month, every row in view has its text', async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  // The month with the most papers cached.
  const byMonth = {};
  for (const d of await call('Papers.Days')) byMonth[d.date.slice(0, 7)] = (byMonth[d.date.slice(0, 7)] ?? 0) + d.count;
  const month = Object.entries(byMonth).sort((a, b) => b[1] - a[1])[0][0];
  await page.goto(`/#/month/${month}`);
  await settled(page);
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  const all = await call('Papers.Range', `${month}-01`, `${month}-${last}`, 'upvotes');
  const rows = all.groups.reduce((n, g) => n + g.papers.length, 0);
  expect(rows, 'a long list').toBeGreaterThan(100);
  await expect(page.locator('main .dayhead')).toHaveCount(all.groups.length);

  // The list column has the focus so the browser scrolls it.
  await page.locator('main article.row').first().click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('End');
  await page.waitForTimeout(50);
  expect(await blankRows(page), 'after End').toEqual([]);
  await expect(page.locator('main article.row')).toHaveCount(rows);
  await page.keyboard.press('Home');
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await page.waitForTimeout(50);
  expect(await blankRows(page), 'after PageDown').toEqual([]);
  await page.keyboard.press('Home');
  for (let i = 0; i < 60; i++) await page.keyboard.press('j');
  await expect.poll(() => focusedIndex(page)).toBe(60);
  expect(await blankRows(page), 'after 60 × j').toEqual([]);
  // The day headers stay on top while their day scrolls.
  const head = await page.evaluate(() => {
    const scroller = document.querySelector('main [data-scroll]');
    const top = scroller.getBoundingClientRect().top;
    const el = document.elementFromPoint(scroller.getBoundingClientRect().left + 40, top + 5);
    return el?.closest('.dayhead')?.textContent ?? '';
  });
  expect(head).toMatch(/^\w{3}, \d+ \w{3} \d{4}/);
});

test('a launch lands on the newest day, not on the last paper or day read', async ({ page }) => {
  const days = await call('Papers.Days');
  await page.goto(`/#/day/${days[3].date}`);
  await settled(page);
  await page.goto(`/#/paper/${(await call('Papers.Day', days[3].date, 'upvotes')).papers[0].id}`);
  await expect(pane(page).locator('h2.title')).toBeVisible();
  // A new window: no address.
  await page.goto('/');
  await settled(page);
  await expect(page.locator('main h1')).toHaveText(formatDay(days[0].date));
  await expect(page).toHaveURL(/\/$/);
});

test('the density is kept with the library: cards after a reload, then rows again', async ({ page }) => {
  await page.goto('/#/settings');
  await page.getByRole('radio', { name: 'Cards with abstracts' }).check();
  await expect(page.locator('.notice .text')).toHaveText('Cards with abstracts');
  expect((await call('Settings.UI')).density).toBe('cards');
  await openDay(page);
  await expect(page.locator('main article.card').first()).toBeVisible();
  await expect(page.locator('main article.row')).toHaveCount(0);
  expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
  await page.goto('/#/settings');
  await page.getByRole('radio', { name: 'Compact rows' }).check();
  await expect.poll(async () => (await call('Settings.UI')).density).toBe('compact');
  await openDay(page);
  await expect(page.locator('main article.row').first()).toBeVisible();
});
