// The list shows what the command line and the API say: order, titles, upvotes, first authors by
// name, organisation, has-code, read and saved.
import { call } from '../lib/procs.js';
import { authorsShort, compact, expect, openDay, readRows, test } from '../lib/fixtures.js';

const plural = (n, one) => `${n.toLocaleString('en-US')} ${n === 1 ? one : one + 's'}`;

test('the latest day lists what `paperboy list --json` lists, each row with its names and badges', async ({ page, st }) => {
  const want = st.list; // from the CLI, before the browser touched anything
  expect(want.length, 'the latest day has papers').toBeGreaterThan(20);
  const day = await call('Papers.Day', '', 'upvotes');
  expect(day.papers.map((p) => p.id)).toEqual(want.map((p) => p.id));

  await openDay(page);
  const rows = await readRows(page);
  expect(rows.map((r) => r.id)).toEqual(want.map((p) => p.id));

  const unread = day.papers.filter((p) => !p.read).length;
  await expect(page.locator('main .head .sub')).toHaveText(`${plural(want.length, 'paper')} · ${unread} unread`);

  const byId = new Map(day.papers.map((p) => [p.id, p]));
  for (const [i, r] of rows.entries()) {
    const p = want[i];
    const now = byId.get(p.id);
    if (!p.title.includes('$')) expect(r.title, p.id).toBe(p.title);
    expect(r.upvotes, p.id).toBe(compact(p.upvotes));
    expect(r.authors, p.id).toBe(authorsShort(p.authors, p.authorCount));
    expect(r.org, p.id).toBe(p.organization);
    expect(r.code, p.id).toBe(/^https:\/\//i.test(p.githubRepo));
    expect(r.unreadDot, p.id).toBe(!now.read);
    expect(r.unreadClass, p.id).toBe(!now.read);
    expect(r.saved, p.id).toBe(now.saved);
  }
  // Names, not counts: a single author is named, hundreds are the first two and a count.
  expect(rows.find((r) => r.id === '2605.90003').authors).toBe('Author Number 1, Author Number 2 +531');
  expect(rows.find((r) => r.id === '2605.90002').authors).toBe('Ada Lovelace');
  expect(rows.filter((r) => / \+\d+$/.test(r.authors)).length).toBeGreaterThan(10);
  await expect(page.locator('main article[data-card="2605.90002"] .code')).toHaveAttribute(
    'title',
    'Code on GitHub, 1,234 stars',
  );
});

test('the sidebar lists the recent days with their unread counts, and each opens its day', async ({ page }) => {
  const days = await call('Papers.Days');
  expect(days.length).toBeGreaterThanOrEqual(5);
  await openDay(page);
  for (const d of days.slice(0, 14)) {
    const link = page.locator(`aside a[href="#/day/${d.date}"]`);
    await expect(link.locator('.count')).toHaveText(String(d.unread > 0 ? d.unread : d.count));
  }
  const other = days[2];
  await page.locator(`aside a[href="#/day/${other.date}"]`).click();
  await expect(page).toHaveURL(new RegExp(`#/day/${other.date}$`));
  await expect(page.locator('main article.row')).toHaveCount(other.count);
  await expect(page.locator(`aside a[href="#/day/${other.date}"]`)).toHaveAttribute('aria-current', 'page');
  const want = await call('Papers.Day', other.date, 'upvotes');
  expect((await readRows(page)).map((r) => r.id)).toEqual(want.papers.map((p) => p.id));
});

test('the sort says what it sorts by: arXiv date orders by the date the rows show', async ({ page }) => {
  await openDay(page);
  await page.getByRole('group', { name: 'Sort by' }).getByRole('button', { name: 'arXiv date' }).click();
  await expect(page.getByRole('button', { name: 'arXiv date' })).toHaveAttribute('aria-pressed', 'true');
  const want = await call('Papers.Day', '', 'published');
  await expect.poll(async () => (await readRows(page)).map((r) => r.id)).toEqual(want.papers.map((p) => p.id));
  const dates = want.papers.map((p) => p.publishedAt);
  expect([...dates].sort().reverse()).toEqual(dates);
  // Back to upvotes, so the tests after this one see the default order.
  await page.getByRole('button', { name: 'Upvotes' }).click();
  await expect(page.getByRole('button', { name: 'Upvotes' })).toHaveAttribute('aria-pressed', 'true');
});
