// The reader works from the keyboard alone: on a wide window j/k move the selection and the
// reading pane follows, nothing navigates away; on a narrow one a paper opens on its own page and
// Esc brings back the list where it was.
import { call } from '../lib/procs.js';
import { expect, focusedIndex, formatDay, notice, openDay, pane, test } from '../lib/fixtures.js';

test('wide: j/k move the selection, the pane follows, Enter reads it, nothing navigates away', async ({ page }) => {
  const day = await call('Papers.Day', '', 'upvotes');
  await openDay(page);
  const h1 = page.locator('main h1');
  await expect(h1).toHaveText(formatDay(day.date));
  await expect(pane(page)).toContainText('Press j to start reading');

  expect(await focusedIndex(page)).toBeNull();
  await page.keyboard.press('j');
  await expect.poll(() => focusedIndex(page)).toBe(0);
  await expect(page.locator('article.row[data-index="0"]')).toHaveClass(/focused/);
  await expect(pane(page).locator('h2.title')).toHaveText(day.papers[0].title);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect.poll(() => focusedIndex(page)).toBe(2);
  await page.keyboard.press('k');
  await expect.poll(() => focusedIndex(page)).toBe(1);
  await expect(page.locator('article.row.focused')).toHaveCount(1);
  const second = day.papers[1];
  await expect(pane(page).locator('h2.title')).toHaveText(second.title);
  await expect(pane(page)).toContainText(second.abstract.trim().slice(0, 60));
  await expect(page).toHaveURL(/#\/$/);

  // Enter reads it and puts the focus in the pane; j goes on through the list from there.
  await page.keyboard.press('Enter');
  await expect(pane(page)).toBeFocused();
  await expect.poll(async () => (await call('Papers.Paper', second.id)).paper.read).toBe(true);
  await page.keyboard.press('j');
  await expect.poll(() => focusedIndex(page)).toBe(2);
  await expect(pane(page).locator('h2.title')).toHaveText(day.papers[2].title);
  await expect(page).toHaveURL(/#\/$/);
  await expect(h1).toHaveText(formatDay(day.date));
});

test('narrow: o opens, j/k go to the next paper, Esc goes back to the same row and scroll', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 800 });
  const day = await call('Papers.Day', '', 'upvotes');
  await openDay(page);
  const h1 = page.locator('main h1');
  const main = page.locator('main');
  for (let i = 0; i < 25; i++) await page.keyboard.press('j');
  await expect.poll(() => focusedIndex(page)).toBe(24);
  const top = await main.evaluate((m) => m.scrollTop);
  expect(top, 'the list scrolled with the focus').toBeGreaterThan(300);

  await page.keyboard.press('o');
  await expect(page).toHaveURL(new RegExp(`#/paper/${day.papers[24].id}$`));
  await expect(h1).toHaveText(day.papers[24].title);
  await page.keyboard.press('j'); // the next paper, without going back
  await expect(page).toHaveURL(new RegExp(`#/paper/${day.papers[25].id}$`));
  await expect(h1).toHaveText(day.papers[25].title);

  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/#\/$/);
  await expect(h1).toHaveText(formatDay(day.date));
  await expect.poll(() => focusedIndex(page), 'the focus is on the row last read').toBe(25);
  const back = await main.evaluate((m) => m.scrollTop);
  expect(Math.abs(back - top), `scroll ${back} is where it was (${top})`).toBeLessThan(120);
  const box = await page.locator('article.row[data-index="25"]').boundingBox();
  expect(box.y).toBeGreaterThan(0);
  expect(box.y + box.height).toBeLessThanOrEqual(800);

  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/paper/${day.papers[25].id}$`));
  await page.keyboard.press('Backspace');
  await expect(page).toHaveURL(/#\/$/);
  await expect(page.locator('main article.row')).toHaveCount(day.count);
});

test('[ and ] change days, g goes back to the latest, an edge says why nothing happened', async ({ page }) => {
  const days = (await call('Papers.Days')).map((d) => d.date);
  await openDay(page);
  const h1 = page.locator('main h1');
  await expect(h1).toHaveText(formatDay(days[0]));

  await page.keyboard.press(']'); // no newer day: nothing happens, and it says so
  await expect(h1).toHaveText(formatDay(days[0]));
  await expect(notice(page)).toHaveText('No later day is cached — press c for the calendar');
  await page.keyboard.press('[');
  await expect(page).toHaveURL(new RegExp(`#/day/${days[1]}$`));
  await expect(h1).toHaveText(formatDay(days[1]));
  await page.keyboard.press('[');
  await expect(h1).toHaveText(formatDay(days[2]));
  await expect(page.locator('main article.row')).toHaveCount((await call('Papers.Day', days[2], 'upvotes')).count);
  await page.keyboard.press(']');
  await expect(page).toHaveURL(new RegExp(`#/day/${days[1]}$`));
  await expect(h1).toHaveText(formatDay(days[1]));

  await page.keyboard.press('g');
  await expect(page).toHaveURL(/#\/$/);
  await expect(h1).toHaveText(formatDay(days[0]));

  // Keys faster than the days load: each [ goes one further, none is lost to a day still loading.
  await page.keyboard.press('[');
  await page.keyboard.press('[');
  await page.keyboard.press('[');
  await expect(page).toHaveURL(new RegExp(`#/day/${days[3]}$`));
  await expect(h1).toHaveText(formatDay(days[3]));
  await expect(page.locator('main article.row')).toHaveCount((await call('Papers.Day', days[3], 'upvotes')).count);
});

test('? shows the keys, Esc closes them, and list keys wait meanwhile', async ({ page }) => {
  await openDay(page);
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toHaveCount(0);
  await page.keyboard.press('?');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Next / previous paper');
  await expect(help).toContainText('Search papers');
  await expect(help).toContainText('Shift T');

  await page.keyboard.press('j'); // the overlay owns the keyboard
  await page.keyboard.press('g');
  expect(await focusedIndex(page)).toBeNull();

  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await page.keyboard.press('j');
  await expect.poll(() => focusedIndex(page)).toBe(0);

  await page.keyboard.press('?');
  await expect(help).toBeVisible();
  await page.keyboard.press('?'); // ? toggles it too
  await expect(help).toHaveCount(0);
});

test('every key says what it did: save, read, theme on Shift+T and not on t', async ({ page }) => {
  await openDay(page);
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? 'system');
  const before = await theme();
  await page.keyboard.press('t');
  expect(await theme()).toBe(before);
  await page.keyboard.press('Shift+T');
  await expect(notice(page)).toHaveText(/^Theme: /);
  expect(await theme()).not.toBe(before);
  // Back to how it was, for the tests after this one (the theme is stored with the library).
  while ((await theme()) !== before) await page.keyboard.press('Shift+T');
  await expect.poll(async () => (await call('Settings.UI')).theme).toBe(before);

  await page.keyboard.press('k'); // from no selection, k starts at the bottom
  await page.keyboard.press('s');
  await expect(notice(page)).toHaveText('Saved');
  await page.keyboard.press('s');
  await expect(notice(page)).toHaveText('Removed from Saved');
  await page.keyboard.press('m');
  await expect(notice(page)).toHaveText(/^Marked (read|unread)$/);
  await page.keyboard.press('m');
});
