// When Hugging Face can't be reached the reader says so and keeps showing the cache; the banner
// goes by itself once Hugging Face answers again (the backend asks it every 30 s), no Retry needed.
import { call, fakeMode } from '../lib/procs.js';
import { expect, openDay, pane, test } from '../lib/fixtures.js';

test.afterEach(async () => {
  await fakeMode('');
});

test('offline: a banner after a failed request, cached rows stay, and it clears by itself when online', async ({ page }) => {
  test.setTimeout(90_000);
  const day = await call('Papers.Day', '', 'upvotes');
  await openDay(page);
  const banner = page.locator('main .banner');
  const rows = page.locator('main article.row');
  await expect(rows).toHaveCount(day.count);
  await expect(banner, 'no banner while nothing has failed').toHaveCount(0);

  await fakeMode('down');
  await page.keyboard.press('Control+r');
  await expect(banner).toHaveText(/Offline — showing cached papers/, { timeout: 30_000 });
  await expect(rows).toHaveCount(day.count);
  // A cached paper still opens.
  await rows.nth(3).locator('.title a').click();
  await expect(pane(page).locator('h2.title')).toHaveText(day.papers[3].title);
  await expect(banner).toBeVisible();
  // The sync's own line says it did not succeed: never "Last synced" after a failure.
  await expect(page.locator('aside .sync .line')).not.toHaveText(/Last synced/, { timeout: 20_000 });

  await fakeMode('');
  // No Retry: the backend's probe finds Hugging Face again and the status says online.
  await expect(banner).toHaveCount(0, { timeout: 45_000 });
  await expect(rows).toHaveCount(day.count);
});

test('Retry in the banner syncs at once; Ctrl+R too', async ({ page }) => {
  test.setTimeout(60_000);
  await openDay(page);
  const banner = page.locator('main .banner');
  await fakeMode('down');
  await page.locator('aside .sync').getByRole('button', { name: 'Sync' }).click();
  await expect(banner).toBeVisible({ timeout: 30_000 });
  await fakeMode('');
  await banner.getByRole('button', { name: 'Retry' }).click();
  await expect(banner).toHaveCount(0, { timeout: 30_000 });
  await expect(page.locator('aside .sync .line')).toHaveText(/Last synced/, { timeout: 30_000 });
});
