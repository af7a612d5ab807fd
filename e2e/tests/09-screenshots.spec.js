// Screenshots for a person to look at (build/test-artifacts/): wide (1440×900, two panes) and
// narrow (760×900, one pane), light and dark.
import { ARTIFACTS, call } from '../lib/procs.js';
import { expect, openDay, pane, settled, test } from '../lib/fixtures.js';

const shot = (name) => ({ path: `${ARTIFACTS}/${name}.png` });

async function background(page) {
  return page.evaluate(() => getComputedStyle(document.querySelector('main')).backgroundColor + ' ' + getComputedStyle(document.body).backgroundColor);
}

for (const scheme of ['light', 'dark']) {
  test(`wide and narrow views in ${scheme}`, async ({ page }) => {
    test.setTimeout(60_000);
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1440, height: 900 });
    await openDay(page);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect(pane(page).locator('h2.title')).toBeVisible();
    await page.screenshot(shot(`day-${scheme}`));
    const bg = await background(page);

    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Search papers' }).fill('diffusion');
    await expect(page.locator('li[role="option"]').first()).toBeVisible();
    await page.screenshot(shot(`palette-${scheme}`));
    await page.keyboard.press('Escape');

    await page.goto('/#/paper/2605.90002');
    await expect(pane(page).locator('h2.title .katex').first()).toBeVisible();
    await page.screenshot(shot(`paper-${scheme}`));

    await page.goto('/#/paper/2605.90003');
    await expect(pane(page).locator('.authors h3')).toHaveText('533 authors');
    await page.screenshot(shot(`authors-${scheme}`));

    const days = await call('Papers.Days');
    await page.goto(`/#/week/${days[0].date}`);
    await settled(page);
    await page.screenshot(shot(`week-${scheme}`));

    await page.keyboard.press('c');
    await expect(page.getByRole('dialog', { name: 'Go to a date' })).toBeVisible();
    await page.screenshot(shot(`calendar-${scheme}`));
    await page.keyboard.press('Escape');
    await page.locator('aside .sync').getByRole('button', { name: 'Backfill' }).click();
    await page.screenshot(shot(`backfill-${scheme}`));
    await page.keyboard.press('Escape');

    await page.keyboard.press('?');
    await page.screenshot(shot(`keys-${scheme}`));
    await page.keyboard.press('Escape');

    await page.setViewportSize({ width: 760, height: 900 });
    await openDay(page);
    await page.keyboard.press('j');
    await page.screenshot(shot(`narrow-day-${scheme}`));
    await page.keyboard.press('Enter');
    await expect(page.locator('main h1')).toBeVisible();
    await page.screenshot(shot(`narrow-paper-${scheme}`));

    // The schemes really differ: dark is not light with another name.
    test.info().annotations.push({ type: 'background', description: bg });
    const [r, g, b] = (/rgb\((\d+), (\d+), (\d+)\)/.exec(bg) ?? []).slice(1).map(Number);
    if (scheme === 'dark') expect(r + g + b, `dark background ${bg}`).toBeLessThan(3 * 80);
    else expect(r + g + b, `light background ${bg}`).toBeGreaterThan(3 * 200);
  });
}

test('the first frame has the theme the library stores: no white flash in dark', async ({ page }) => {
  await call('Settings.SetUI', 'theme', 'dark');
  try {
    // The page as served, before any script runs.
    await page.route('**/*.js', (r) => r.abort());
    await page.goto('/');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(bg).toBe('rgb(21, 22, 25)');
  } finally {
    await call('Settings.SetUI', 'theme', 'system');
  }
});
