// When Hugging Face can't be reached the reader says so and keeps showing the cache.
import { call, fakeMode } from '../lib/procs.js';
import { expect, openDay, test } from '../lib/fixtures.js';

test.afterEach(async () => {
  await fakeMode('');
});

test('an offline banner appears when the API goes away, cached cards stay, and it goes when it comes back', async ({ page }) => {
  test.setTimeout(60_000);
  const day = await call('Papers.Day', '', 'upvotes');
  await openDay(page);
  const banner = page.locator('main .banner');
  const cards = page.locator('main article.card');
  await expect(cards).toHaveCount(day.count);
  await expect(banner, 'no banner while nothing has failed').toHaveCount(0);

  await fakeMode('down');
  await page.keyboard.press('Control+r');
  await expect(banner).toHaveText(/Offline — showing cached papers/, { timeout: 20_000 });
  await expect(cards).toHaveCount(day.count);
  // A cached paper still opens.
  await cards.nth(3).locator('.title a').click();
  await expect(page.locator('main h1')).toHaveText(day.papers[3].title);
  await expect(banner).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(cards).toHaveCount(day.count);

  await fakeMode('');
  await banner.getByRole('button', { name: 'Retry' }).click();
  await expect(banner).toHaveCount(0, { timeout: 20_000 });
  await expect(page.locator('aside .sync .line')).toHaveText(/Last synced|Up to date/);

  // The same with the Sync button in the sidebar, and Ctrl+R to recover.
  await fakeMode('down');
  await page.locator('aside .sync').getByRole('button', { name: 'Sync' }).click();
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(cards).toHaveCount(day.count);
  await fakeMode('');
  await page.keyboard.press('Control+r');
  await expect(banner).toHaveCount(0, { timeout: 20_000 });
});
