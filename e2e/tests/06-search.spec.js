// The search palette: opened by Ctrl+K or /, forgiving about typos, driven by arrows and Enter.
import { call } from '../lib/procs.js';
import { expect, focusedIndex, openDay, pane, pause, settled, test } from '../lib/fixtures.js';

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
  await expect.poll(() => focusedIndex(page), 'the focus is back on the row').toBe(1);
  await pause(page); // "j" was typed in the field: keys wait for a pause before acting again

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
  await expect(pane(page).locator('h2.title')).toHaveText(target.title);

  // Esc from a paper opened from the palette goes back to the results, query and all.
  await pause(page);
  await page.keyboard.press('Escape');
  await expect(palette).toBeVisible();
  await expect(palette.getByRole('combobox')).toHaveValue(q);
  await expect(hit).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);
  // Reopened, the palette keeps the last query.
  await page.keyboard.press('Control+k');
  await expect(palette.getByRole('combobox')).toHaveValue(q);
});

test('the palette counts results, shows their day and upvotes, more as the selection goes down, and lists them all with Shift+Enter', async ({ page }) => {
  await openDay(page);
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Search papers' });
  const input = palette.getByRole('combobox');
  await input.fill('model');
  const res = await call('Search.Query', 'model', 40);
  expect(res.total).toBeGreaterThan(40);
  const total = res.total.toLocaleString('en-US');
  // the rows a palette can show, and a page more when the selection nears their end
  await expect(palette.locator('.count')).toContainText(`showing 8 of ${total}`);
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
  await expect(palette.locator('.count')).toContainText(`showing 16 of ${total}`);
  await expect(palette.locator('li[role="option"][aria-selected="true"]')).toContainText(res.hits[6].paper.title);
  const first = palette.locator('li[role="option"]').first();
  await expect(first.locator('.when')).toContainText(/Daily \d+ \w+/);
  await expect(first.locator('.votes')).toHaveAttribute('title', new RegExp(`^${res.hits[0].paper.upvotes} upvotes?$`));

  await page.keyboard.press('Shift+Enter');
  await expect(palette).toHaveCount(0);
  await expect(page).toHaveURL(/#\/results\?q=model$/);
  await settled(page);
  await expect(page.locator('main h1')).toHaveText('Results for “model”');
  const all = await call('Search.Query', 'model', 200);
  await expect(page.locator('main .head .sub')).toHaveText(
    all.total > 200
      ? `showing 200 of ${all.total.toLocaleString('en-US')} matches`
      : `${all.total.toLocaleString('en-US')} matches`,
  );
  await page.keyboard.press('j');
  await expect(pane(page).locator('h2.title')).toHaveText(all.hits[0].paper.title);
});

test('a malformed filter says how to write it', async ({ page }) => {
  await openDay(page);
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Search papers' });
  for (const q of ['upvotes>50', 'date:2026-5-22', 'author:']) {
    const { hint } = await call('Search.Query', q, 40);
    expect(hint, q).not.toBe('');
    await palette.getByRole('combobox').fill(q);
    await expect(palette.locator('.filter-hint'), q).toHaveText(hint);
  }
  await palette.getByRole('combobox').fill('upvotes:>50');
  await expect(palette.locator('.filter-hint')).toHaveCount(0);
});

test('letters typed after an accidental Esc do not fire single-key actions', async ({ page }) => {
  await openDay(page);
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Search papers' });
  await palette.getByRole('combobox').pressSequentially('dif', { delay: 60 });
  await page.keyboard.press('Escape');
  await page.keyboard.type('fusion rising', { delay: 60 }); // f = For you, s = save, r = Rising…
  await expect(page.locator('.notice .text')).toHaveText('Typing outside the search box — press / to search');
  await expect(page).toHaveURL(/#\/$/);
  expect(await focusedIndex(page)).toBeNull();
  await pause(page);
  await page.keyboard.press('j');
  await expect.poll(() => focusedIndex(page)).toBe(0);
});
