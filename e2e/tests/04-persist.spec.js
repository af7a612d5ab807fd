// Saved and read marks live in the data dir, not in the page: they survive a server restart.
import { call, readState, restartServe } from '../lib/procs.js';
import { expect, focusedIndex, openDay, pane, readRows, test } from '../lib/fixtures.js';

test('a row saved with s and a paper read in the pane stay saved and read after `paperboy serve` restarts', async ({ page }) => {
  const day = await call('Papers.Day', '', 'upvotes');
  // Two rows that nothing has touched yet.
  const fresh = day.papers.map((p, i) => ({ ...p, i })).filter((p) => !p.read && !p.saved && !p.id.startsWith('2605.9'));
  const [toSave, toRead] = fresh.slice(4, 6);

  await openDay(page);
  for (let n = 0; n <= toSave.i; n++) await page.keyboard.press('j');
  await expect.poll(() => focusedIndex(page)).toBe(toSave.i);
  await page.keyboard.press('s');
  const saveBtn = page.locator(`article[data-card="${toSave.id}"] .actions button`).first();
  await expect(saveBtn).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await call('Papers.Paper', toSave.id)).paper.saved).toBe(true);

  // A click selects the paper (two panes): it shows in the pane, and counts as read once it stayed.
  await page.locator(`article[data-card="${toRead.id}"] .title a`).click();
  await expect(pane(page).locator('h2.title')).toHaveText(toRead.title);
  await expect(page).toHaveURL(/#\/$/);
  await expect.poll(async () => (await call('Papers.Paper', toRead.id)).paper.read, { timeout: 5000 }).toBe(true);

  const before = readState().serve.pid;
  await page.goto('about:blank'); // no calls in flight while the server is away
  const serve = await restartServe();
  expect(serve.pid).not.toBe(before);

  await openDay(page);
  const rows = await readRows(page);
  const saved = rows.find((r) => r.id === toSave.id);
  const read = rows.find((r) => r.id === toRead.id);
  expect(saved).toMatchObject({ saved: true });
  expect(read).toMatchObject({ saved: false, unreadDot: false, unreadClass: false });
  const after = await call('Papers.Day', '', 'upvotes');
  await expect(page.locator('main .head .sub')).toContainText(`${after.unread} unread`);

  await page.locator('aside a[href="#/saved"]').click();
  await expect(page.locator(`main article[data-card="${toSave.id}"]`)).toBeVisible();
});
