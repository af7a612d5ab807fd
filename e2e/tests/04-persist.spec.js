// Saved and read marks live in the data dir, not in the page: they survive a server restart.
import { call, readState, restartServe } from '../lib/procs.js';
import { expect, focusedIndex, openDay, readCards, test } from '../lib/fixtures.js';

test('a card saved with s and a paper opened stay saved and read after `paperboy serve` restarts', async ({ page }) => {
  const day = await call('Papers.Day', '', 'upvotes');
  // Two cards that nothing has touched yet.
  const fresh = day.papers.map((p, i) => ({ ...p, i })).filter((p) => !p.read && !p.saved && !p.id.startsWith('2605.9'));
  const [toSave, toRead] = fresh.slice(4, 6);

  await openDay(page);
  for (let n = 0; n <= toSave.i; n++) await page.keyboard.press('j');
  await expect.poll(() => focusedIndex(page)).toBe(toSave.i);
  await page.keyboard.press('s');
  const saveBtn = page.locator(`article[data-card="${toSave.id}"] .actions button`).first();
  await expect(saveBtn).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await call('Papers.Paper', toSave.id)).paper.saved).toBe(true);

  await page.locator(`article[data-card="${toRead.id}"] .title a`).click();
  await expect(page.locator('main h1')).toHaveText(toRead.title);
  await expect.poll(async () => (await call('Papers.Paper', toRead.id)).paper.read).toBe(true);

  const before = readState().serve.pid;
  await page.goto('about:blank'); // no calls in flight while the server is away
  const serve = await restartServe();
  expect(serve.pid).not.toBe(before);

  await openDay(page);
  const cards = await readCards(page);
  const saved = cards.find((c) => c.id === toSave.id);
  const read = cards.find((c) => c.id === toRead.id);
  expect(saved).toMatchObject({ saved: true, unreadDot: true });
  expect(read).toMatchObject({ saved: false, unreadDot: false, unreadClass: false });
  const after = await call('Papers.Day', '', 'upvotes');
  await expect(page.locator('main .head .sub')).toContainText(`${after.unread} unread`);
  expect(after.unread).toBe(day.unread - 1);

  await page.locator('aside a[href="#/saved"]').click();
  await expect(page.locator(`main article[data-card="${toSave.id}"]`)).toBeVisible();
});
