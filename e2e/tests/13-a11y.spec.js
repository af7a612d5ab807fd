// An axe-core audit of every view, light and dark: no serious or critical violation, headings in
// order; and the focus is visible and moves in a sensible order.
import AxeBuilder from '@axe-core/playwright';
import { call } from '../lib/procs.js';
import { expect, openDay, settled, test } from '../lib/fixtures.js';

// axe is injected as a script: the page's CSP would refuse it, so this context bypasses the CSP.
test.use({ bypassCSP: true });

async function audit(page, what) {
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'heading-order')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  expect(bad, what).toEqual([]);
}

for (const scheme of ['light', 'dark']) {
  test(`every view passes axe in ${scheme}`, async ({ page, st }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme });
    const days = await call('Papers.Days');
    const id = (await call('Papers.Day', '', 'upvotes')).papers[0].id;
    const lists = [
      '/#/',
      `/#/day/${days[1].date}`,
      `/#/week/${days[0].date}`,
      `/#/month/${days[0].date.slice(0, 7)}`,
      '/#/saved',
      '/#/foryou',
      '/#/rising',
      '/#/results?q=model',
    ];
    for (const url of lists) {
      await page.goto(url);
      await settled(page);
      await audit(page, url);
      await page.keyboard.press('j'); // with a paper in the pane
      await page.waitForTimeout(200);
      await audit(page, `${url} with a paper selected`);
    }
    for (const url of [`/#/paper/${id}`, '/#/settings', '/#/day/2023-05-06']) {
      await page.goto(url);
      await page.waitForTimeout(500);
      await audit(page, url);
    }
    await openDay(page);
    for (const [key, name] of [
      ['Control+k', 'Search papers'],
      ['c', 'Go to a date'],
      ['?', 'Keyboard shortcuts'],
    ]) {
      await page.keyboard.press(key);
      await expect(page.getByRole('dialog', { name })).toBeVisible();
      if (name === 'Search papers') {
        await page.getByRole('combobox', { name }).fill('model');
        await expect(page.locator('li[role="option"]').first()).toBeVisible();
      }
      await audit(page, name);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog', { name })).toHaveCount(0);
    }
    await page.locator('aside .sync').getByRole('button', { name: 'Backfill' }).click();
    await expect(page.getByRole('dialog', { name: 'Backfill' })).toBeVisible();
    await audit(page, 'Backfill');
    // Narrow: one pane, the sidebar an icon rail.
    await page.setViewportSize({ width: 700, height: 800 });
    await page.keyboard.press('Escape');
    await openDay(page);
    await audit(page, 'narrow day');
    await page.goto(`/#/paper/${id}`);
    await page.waitForTimeout(500);
    await audit(page, 'narrow paper');
    void st;
  });
}

test('the focus is visible and Tab goes sidebar → list header → rows → pane', async ({ page }) => {
  await openDay(page);
  await page.keyboard.press('j');
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  expect(ring.outline).not.toBe('none');
  expect(ring.width).toBeGreaterThanOrEqual(2);

  await page.reload();
  await settled(page);
  await page.locator('aside button.search').focus(); // the first stop of the page
  const order = ['sidebar'];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    order.push(
      await page.evaluate(() => {
        const el = document.activeElement;
        if (el.closest('aside')) return 'sidebar';
        if (el.closest('.pane')) return 'pane';
        if (el.closest('header.head')) return 'header';
        if (el.closest('article.row')) return 'rows';
        return 'other';
      }),
    );
    // Every stop shows where the focus is.
    const visible = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return s.outlineStyle !== 'none' || s.boxShadow !== 'none';
    });
    expect(visible, `focus ring at stop ${i}`).toBe(true);
  }
  const firsts = order.filter((v, i) => v !== order[i - 1]);
  expect(firsts.slice(0, 3)).toEqual(['sidebar', 'header', 'rows']);
});
