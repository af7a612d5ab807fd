// The search palette: opened by Ctrl+K or /, forgiving about typos, driven by arrows and Enter.
import { call } from '../lib/procs.js';
import { expect, focusedIndex, openDay, test } from '../lib/fixtures.js';

/** typo swaps two letters in the middle of the longest word: "Instruction" → "Instrcution". */
function typo(title) {
  const words = title.split(' ');
  const w = words.reduce((a, b) => (b.length > a.length ? b : a));
  const i = Math.floor(w.length / 2);
  const t = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  return title.replace(w, t);
}

test('Ctrl+K and / open the palette, Esc closes it and gives the focus back', async ({ page }) => {
  await openDay(page);
  const palette = page.getByRole('dialog', { name: 'Search papers' });
  const input = palette.getByRole('combobox');

  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect.poll(() => focusedIndex(page)).toBe(1);

  await page.keyboard.press('Control+k');
  await expect(palette).toBeVisible();
  await expect(input).toBeFocused();
  await page.keyboard.press('j'); // typed into the field, not a list key
  await expect(input).toHaveValue('j');
  await page.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);
  await expect.poll(() => focusedIndex(page), 'the focus is back on the card').toBe(1);

  await page.keyboard.press('/');
  await expect(palette).toBeVisible();
  await expect(input).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);
  await expect.poll(() => focusedIndex(page)).toBe(1);

  // The sidebar's button opens it as well.
  await page.locator('aside button.search').click();
  await expect(palette).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);
});

test('a typo in a title still finds the paper; ↑/↓ move, Enter opens it', async ({ page }) => {
  const day = await call('Papers.Day', '', 'upvotes');
  const target = day.papers.find((p) => !p.id.startsWith('2605.9') && p.title.split(' ').length >= 6);
  const q = typo(target.title.split(' ').slice(0, 6).join(' '));
  expect(q).not.toBe(target.title.split(' ').slice(0, 6).join(' '));

  await openDay(page);
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Search papers' });
  await palette.getByRole('combobox').fill(q);
  const options = palette.locator('li[role="option"]');
  const hit = options.filter({ has: page.locator('.title', { hasText: target.title }) });
  await expect(hit).toHaveCount(1);
  await expect(hit.locator('mark').first()).toBeVisible(); // the matched words are highlighted

  const ids = await options.evaluateAll((els) => els.map((el) => el.id));
  const want = ids.indexOf(await hit.getAttribute('id'));
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  for (let i = 0; i < want; i++) await page.keyboard.press('ArrowDown');
  if (ids.length > want + 1) {
    await page.keyboard.press('ArrowDown');
    await expect(options.nth(want + 1)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowUp');
  }
  await expect(hit).toHaveAttribute('aria-selected', 'true');
  await expect(palette.getByRole('combobox')).toHaveAttribute('aria-activedescendant', ids[want]);

  await page.keyboard.press('Enter');
  await expect(palette).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`#/paper/${target.id}$`));
  await expect(page.locator('main h1')).toHaveText(target.title);
});
