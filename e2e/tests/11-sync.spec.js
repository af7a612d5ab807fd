// Sync status tells the truth: a failed sync says so (never "Last synced"), a wait says why, any date
// can be reached from the calendar, and a backfill shows its progress, stops and resumes.
import { call, fakeMode } from '../lib/procs.js';
import { expect, formatDay, openDay, settled, test } from '../lib/fixtures.js';

test.afterEach(async () => {
  await fakeMode('');
});

const line = (page) => page.locator('aside .sync .line');

test('a failed sync says so with its reason and Retry, and never "Last synced"', async ({ page }) => {
  test.setTimeout(60_000);
  await openDay(page);
  await fakeMode('html'); // Hugging Face answers with a maintenance page
  await page.keyboard.press('Control+r');
  await expect(line(page)).toHaveText(/^Sync (failed|incomplete)/, { timeout: 30_000 });
  await expect(line(page)).not.toHaveText(/Last synced/);
  const status = await call('Sync.Status');
  expect(['failed', 'partial']).toContain(status.lastResult);
  // The reason is in a notice that stays until dismissed, with Retry; the sidebar keeps one short line.
  const alert = page.getByRole('alert').filter({ hasText: /^Sync (failed|incomplete)/ });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(status.error.message);
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toHaveCount(0);

  await fakeMode('');
  await line(page).getByRole('button', { name: 'Retry' }).click();
  await expect(line(page)).toHaveText(/^Last synced/, { timeout: 30_000 });
});

test('a sync that waits to try again says why, and counts down', async ({ page }) => {
  test.setTimeout(60_000);
  await openDay(page);
  await fakeMode('500');
  await page.keyboard.press('Control+r');
  await expect(line(page)).toHaveText(/^Hugging Face answered HTTP 500 — retrying( in \d+ s)?\s*$/, { timeout: 20_000 });
  await expect(line(page)).toHaveAttribute('title', /^Hugging Face answered HTTP 500 — retrying in \d+ s$/);
  // When the tries run out the sync says it failed.
  await expect(line(page)).toHaveText(/^Sync (failed|incomplete)/, { timeout: 30_000 });
  await expect(line(page)).not.toHaveText(/Last synced/);
});

test('the calendar reaches any date; an uncached one is fetched and shown', async ({ page }) => {
  test.setTimeout(60_000);
  const target = '2024-10-25'; // a real day the fake serves, not synced by the setup
  const before = await call('Papers.Day', target, 'upvotes');
  expect(before.fetched).toBe(false);

  await openDay(page);
  await page.keyboard.press('c');
  const cal = page.getByRole('dialog', { name: 'Go to a date' });
  await expect(cal).toBeVisible();
  const days = await call('Papers.Days');
  await expect(cal.getByRole('button', { name: new RegExp(`^${formatDay(days[0].date)}: \\d+ papers?`) })).toBeVisible();
  await cal.getByLabel('Year').selectOption('2024');
  await cal.getByLabel('Month').selectOption('10');
  await cal.getByRole('button', { name: `${formatDay(target)}: not fetched` }).click();
  await expect(cal).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`#/day/${target}$`));
  await expect(page.locator('main h1')).toHaveText(formatDay(target));
  await expect(page.locator('main article.row').first()).toBeVisible({ timeout: 30_000 });
  const after = await call('Papers.Day', target, 'upvotes');
  expect(after.count).toBeGreaterThan(0);
  await expect(page.locator('main article.row')).toHaveCount(after.count);

  // The first Daily Papers date is there too; the day before is not.
  await page.keyboard.press('c');
  await cal.getByLabel('Year').selectOption('2023');
  await cal.getByLabel('Month').selectOption('05');
  await expect(cal.getByRole('button', { name: /^Thu, 4 May 2023:/ })).toBeEnabled();
  await expect(cal.getByRole('button', { name: /^Wed, 3 May 2023:/ })).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(cal).toHaveCount(0);
});

test('a backfill shows days, papers and time left, stops, and resumes where it stopped', async ({ page }) => {
  test.setTimeout(90_000);
  const from = '2024-09-16';
  const to = '2024-10-11';
  await openDay(page);
  await page.locator('aside .sync').getByRole('button', { name: 'Backfill' }).click();
  const dlg = page.getByRole('dialog', { name: 'Backfill' });
  await expect(dlg.getByRole('button', { name: /^Everything since Thu, 4 May 2023/ })).toBeVisible();

  await fakeMode('500'); // slow it down: every request waits to try again
  await dlg.getByLabel('From').fill(from);
  await dlg.getByLabel('To').fill(to);
  await dlg.getByRole('button', { name: 'Backfill', exact: true }).click();
  const bar = dlg.getByRole('progressbar', { name: 'Backfill progress' });
  await expect(bar).toBeVisible({ timeout: 10_000 });
  await expect(dlg.locator('.line')).toHaveText(/^\d+ of 26 days/);
  await expect(dlg.locator('.wait')).toHaveText(/^Hugging Face answered HTTP 500 — retrying/, { timeout: 20_000 });
  await dlg.getByRole('button', { name: 'Stop' }).click();
  await expect(dlg.locator('.wait')).toHaveText(/^Stopped\./, { timeout: 20_000 });
  await expect(line(page)).toHaveText(/^Sync stopped at \d+ of 26 days/);

  await fakeMode('');
  await dlg.getByRole('button', { name: 'Resume' }).click();
  await expect(dlg.locator('.line')).toHaveText(/^Done: 26 of 26 days/, { timeout: 60_000 });
  await expect(bar).toHaveAttribute('aria-valuenow', '100');
  const st = await call('Sync.Status');
  expect(st).toMatchObject({ kind: 'range', lastResult: 'ok', done: 26, total: 26 });
  await page.keyboard.press('Escape');
  await expect(dlg).toHaveCount(0);
  await expect(line(page)).toHaveText(/^Last synced/);

  // The days are in the calendar now, 0-paper days too.
  await page.keyboard.press('c');
  const cal = page.getByRole('dialog', { name: 'Go to a date' });
  await cal.getByLabel('Year').selectOption('2024');
  await cal.getByLabel('Month').selectOption('10');
  await expect(cal.getByRole('button', { name: `${formatDay('2024-10-01')}: no papers that day` })).toBeVisible();
  await page.keyboard.press('Escape');
  await settled(page);
});
