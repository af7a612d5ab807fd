// Cards show what the command line and the API say: order, titles, upvotes, authors, badges.
import { call } from '../lib/procs.js';
import { compact, expect, openDay, readCards, test } from '../lib/fixtures.js';

const plural = (n, one) => `${n.toLocaleString('en-US')} ${n === 1 ? one : one + 's'}`;

test('the latest day lists what `paperboy list --json` lists, with the right counts and badges', async ({ page, st }) => {
  const want = st.list; // from the CLI, before the browser touched anything
  expect(want.length, 'the latest day has papers').toBeGreaterThan(20);
  const day = await call('Papers.Day', '', 'upvotes');
  expect(day.papers.map((p) => p.id)).toEqual(want.map((p) => p.id));

  await openDay(page);
  const cards = await readCards(page);
  expect(cards.map((c) => c.id)).toEqual(want.map((p) => p.id));

  const unread = day.papers.filter((p) => !p.read).length;
  await expect(page.locator('main .head .sub')).toHaveText(`${plural(want.length, 'paper')} · ${unread} unread`);

  const byId = new Map(day.papers.map((p) => [p.id, p]));
  for (const [i, c] of cards.entries()) {
    const p = want[i];
    const now = byId.get(p.id);
    expect(c.title, p.id).toBe(p.title);
    expect(c.upvotes, p.id).toBe(compact(p.upvotes));
    expect(c.meta, p.id).toContain(plural(p.authorCount, 'author'));
    expect(c.meta, p.id).toContain(String(p.numComments));
    if (p.organization) expect(c.meta[0], p.id).toBe(p.organization);
    if (p.githubStars > 0) expect(c.meta, p.id).toContain(compact(p.githubStars));
    expect(c.unreadDot, p.id).toBe(!now.read);
    expect(c.unreadClass, p.id).toBe(!now.read);
    expect(c.saved, p.id).toBe(now.saved);
  }
  // Both forms of the author count occur, and the singular is not "1 authors".
  const metas = cards.flatMap((c) => c.meta);
  expect(metas).toContain('1 author');
  expect(metas).not.toContain('1 authors');
  expect(metas.filter((m) => /^\d+ authors$/.test(m)).length).toBeGreaterThan(10);
  expect(cards.find((c) => c.id === '2605.90003').meta).toContain('533 authors');
  expect(cards.find((c) => c.id === '2605.90002').meta).toContain('1.2k'); // 1234 GitHub stars
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
  await expect(page.locator('main article.card')).toHaveCount(other.count);
  await expect(page.locator(`aside a[href="#/day/${other.date}"]`)).toHaveAttribute('aria-current', 'page');
  const want = await call('Papers.Day', other.date, 'upvotes');
  expect((await readCards(page)).map((c) => c.id)).toEqual(want.papers.map((p) => p.id));
});
