// A day Hugging Face listed nothing on says so and offers the nearest day that has papers.
import { call } from '../lib/procs.js';
import { expect, formatDay, openDay, test } from '../lib/fixtures.js';

/** lastSaturday is the most recent Saturday strictly before the latest day with papers. */
function lastSaturday(latest) {
  const d = new Date(`${latest}T00:00:00Z`);
  do d.setUTCDate(d.getUTCDate() - 1);
  while (d.getUTCDay() !== 6);
  return d.toISOString().slice(0, 10);
}

test('a Saturday says "No papers that day" and links to the nearest day', async ({ page }) => {
  const days = await call('Papers.Days');
  const sat = lastSaturday(days[0].date);
  const api = await call('Papers.Day', sat, 'upvotes');
  expect(api).toMatchObject({ date: sat, count: 0, fetched: true });
  expect(api.nearest).not.toBe('');

  await openDay(page, sat);
  await expect(page.locator('main h1')).toHaveText(formatDay(sat));
  const empty = page.locator('main .empty');
  await expect(empty.locator('h2')).toHaveText('No papers that day');
  await expect(empty).toContainText(`Hugging Face listed no papers on ${formatDay(sat)}`);
  await expect(page.locator('main article.row')).toHaveCount(0);

  const go = empty.getByRole('button', { name: `Go to ${formatDay(api.nearest)}` });
  await expect(go).toBeVisible();
  await go.click();
  await expect(page).toHaveURL(new RegExp(`#/day/${api.nearest}$`));
  await expect(page.locator('main h1')).toHaveText(formatDay(api.nearest));
  await expect(page.locator('main article.row')).toHaveCount(
    days.find((d) => d.date === api.nearest).count,
  );
});
