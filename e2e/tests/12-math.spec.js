// TeX renders as math (KaTeX, from the app's own files); money does not. On a real Hugging Face day.
import { call } from '../lib/procs.js';
import { expect, openDay, pane, test } from '../lib/fixtures.js';

test('a math title renders .katex and a money title does not', async ({ page, st }) => {
  const outside = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(st.serve.url) && !r.url().startsWith('data:')) outside.push(r.url());
  });
  // The hostile corpus's TeX title.
  await openDay(page);
  const math = page.locator('main article[data-card="2605.90002"] .title');
  await expect(math.locator('.katex')).toHaveCount(2);
  await expect(math.locator('.katex-mathml annotation').first()).toHaveText('\\mathcal{O}(n \\log n)');

  test.skip(!st.realDay, 'the real corpus (../shared/real-hf) is not here');
  const day = await call('Papers.Day', st.realDay, 'upvotes');
  const money = day.papers.find((p) => p.title.includes('$'));
  const tex = day.papers.find((p) => p.aiSummary.includes('$\\alpha$'));
  expect(money?.title).toBe('Human-Agent Collaborative Paper-to-Page Crafting for Under $0.1');
  expect(tex?.id).toBe('2510.20771');

  await openDay(page, st.realDay);
  const row = page.locator(`main article[data-card="${money.id}"]`);
  await expect(row.locator('.title a')).toHaveText(money.title);
  await expect(page.locator('main article.row .katex')).toHaveCount(0);

  await page.locator(`main article[data-card="${tex.id}"] .title a`).click();
  const summary = pane(page).locator('.summary');
  await expect(summary.locator('.katex')).toHaveCount(1);
  await expect(summary).toContainText('-Flow framework');
  await page.locator(`main article[data-card="${money.id}"] .title a`).click();
  await expect(pane(page).locator('h2.title')).toHaveText(money.title);
  await expect(pane(page).locator('.katex')).toHaveCount(0);

  // KaTeX's fonts came from the app itself, and they did load.
  const fonts = await page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].filter((f) => f.family.includes('KaTeX') && f.status === 'loaded').length;
  });
  expect(fonts).toBeGreaterThan(0);
  expect(outside, 'no request left the app').toEqual([]);
});
