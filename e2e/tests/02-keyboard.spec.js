// The reader works from the keyboard alone.
import { call } from '../lib/procs.js';
import { expect, focusedIndex, formatDay, openDay, test } from '../lib/fixtures.js';

test('j/k move the focus through the cards, o and Enter open a paper, Esc and Backspace go back', async ({ page }) => {
  const day = await call('Papers.Day', '', 'upvotes');
  await openDay(page);
  const h1 = page.locator('main h1');
  await expect(h1).toHaveText(formatDay(day.date));

  expect(await focusedIndex(page)).toBeNull();
  await page.keyboard.press('j');
  await expect.poll(() => focusedIndex(page)).toBe(0);
  await expect(page.locator('article.card[data-index="0"]')).toHaveClass(/focused/);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect.poll(() => focusedIndex(page)).toBe(2);
  await page.keyboard.press('k');
  await expect.poll(() => focusedIndex(page)).toBe(1);
  await expect(page.locator('article.card.focused')).toHaveCount(1);

  await page.keyboard.press('o');
  await expect(page).toHaveURL(new RegExp(`#/paper/${day.papers[1].id}$`));
  await expect(h1).toHaveText(day.papers[1].title);

  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/#\/$/);
  await expect(h1).toHaveText(formatDay(day.date));
  // Back on the list, the focus is where it was.
  await expect.poll(() => focusedIndex(page)).toBe(1);

  await page.keyboard.press('j');
  await expect.poll(() => focusedIndex(page)).toBe(2);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/paper/${day.papers[2].id}$`));
  await expect(h1).toHaveText(day.papers[2].title);
  await page.keyboard.press('Backspace');
  await expect(page).toHaveURL(/#\/$/);
  await expect(page.locator('main article.card')).toHaveCount(day.count);
});

test('[ and ] change days, g goes back to the latest', async ({ page }) => {
  const days = (await call('Papers.Days')).map((d) => d.date);
  await openDay(page);
  const h1 = page.locator('main h1');
  await expect(h1).toHaveText(formatDay(days[0]));

  await page.keyboard.press(']'); // no newer day: nothing happens
  await expect(h1).toHaveText(formatDay(days[0]));
  await page.keyboard.press('[');
  await expect(page).toHaveURL(new RegExp(`#/day/${days[1]}$`));
  await expect(h1).toHaveText(formatDay(days[1]));
  await page.keyboard.press('[');
  await expect(h1).toHaveText(formatDay(days[2]));
  await expect(page.locator('main article.card')).toHaveCount(
    (await call('Papers.Day', days[2], 'upvotes')).count,
  );
  await page.keyboard.press(']');
  await expect(page).toHaveURL(new RegExp(`#/day/${days[1]}$`));
  await expect(h1).toHaveText(formatDay(days[1]));

  await page.keyboard.press('g');
  await expect(page).toHaveURL(/#\/$/);
  await expect(h1).toHaveText(formatDay(days[0]));
});

test('? shows the keys, Esc closes them, and list keys wait meanwhile', async ({ page }) => {
  await openDay(page);
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toHaveCount(0);
  await page.keyboard.press('?');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Next / previous paper');
  await expect(help).toContainText('Search papers');

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
