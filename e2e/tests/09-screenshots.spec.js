// Screenshots for a person to look at (build/test-artifacts/), in light and dark.
import { ARTIFACTS } from '../lib/procs.js';
import { expect, openDay, test } from '../lib/fixtures.js';

const shot = (name) => ({ path: `${ARTIFACTS}/${name}.png` });

async function background(page) {
  return page.evaluate(() => getComputedStyle(document.querySelector('main')).backgroundColor + ' ' + getComputedStyle(document.body).backgroundColor);
}

for (const scheme of ['light', 'dark']) {
  test(`day, palette and paper views in ${scheme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openDay(page);
    await page.keyboard.press('j'); // a focused card shows its focus ring
    await page.locator('main').evaluate((m) => m.scrollTo(0, 0));
    await page.screenshot(shot(`day-${scheme}`));
    const bg = await background(page);

    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Search papers' }).fill('diffusion');
    await expect(page.locator('li[role="option"]').first()).toBeVisible();
    await page.screenshot(shot(`palette-${scheme}`));
    await page.keyboard.press('Escape');

    await page.goto('/#/paper/2605.90002');
    await expect(page.locator('main h1')).toContainText('Complexity');
    await page.screenshot(shot(`paper-${scheme}`));

    await page.goto('/#/paper/2605.90003');
    await expect(page.locator('main .authors h2')).toHaveText('533 authors');
    await page.screenshot(shot(`authors-${scheme}`));

    await page.keyboard.press('?');
    await page.screenshot(shot(`keys-${scheme}`));
    // The schemes really differ: dark is not light with another name.
    test.info().annotations.push({ type: 'background', description: bg });
    if (scheme === 'dark') {
      const [r, g, b] = (/rgb\((\d+), (\d+), (\d+)\)/.exec(bg) ?? []).slice(1).map(Number);
      expect(r + g + b, `dark background ${bg}`).toBeLessThan(3 * 80);
    } else {
      const [r, g, b] = (/rgb\((\d+), (\d+), (\d+)\)/.exec(bg) ?? []).slice(1).map(Number);
      expect(r + g + b, `light background ${bg}`).toBeGreaterThan(3 * 200);
    }
  });
}
