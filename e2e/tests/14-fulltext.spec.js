// Full texts in the paper pane, against a world of their own (lib/fulltext.js: a fake Hugging Face
// that serves papers' Markdown, its own data directory and `paperboy serve`): a paper saved online
// is read offline — math, the outline, n and p, search inside the text, the reading position —;
// the hostile text renders inert and makes no request; Settings shows and sets the budget.
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { ARTIFACTS } from '../lib/procs.js';
import { HOSTILE_ID, bodyWord, callAt, ensureText, fakeModeAt, keepLocal, startWorld, stopWorld } from '../lib/fulltext.js';
import { expect, notice, test as base } from '../lib/fixtures.js';

let world;
const test = base.extend({
  // Started once for this file's tests (the worker runs them in order), stopped when it ends.
  world: [
    async ({}, use) => {
      world = await startWorld();
      await use(world);
      await stopWorld(world);
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ world }, use) => use(world.serve.url),
  // Nothing a test does may reach past this machine (a link opened from a text included).
  context: async ({ context }, use) => {
    await keepLocal(context);
    await use(context);
  },
});

test.afterEach(async () => {
  await fakeModeAt(world, '');
});

const shot = (name) => ({ path: `${ARTIFACTS}/${name}.png` });
const region = (page) => page.getByRole('region', { name: 'Selected paper' });
const fulltext = (page) => page.locator('section.fulltext');
const reader = (page) => page.locator('section.fulltext .reader');

/** A generated paper of the latest day (not one of the hostile corpus), and its day. */
async function aPaper(n = 0) {
  const day = await callAt(world, 'Papers.Day', '', 'upvotes');
  const papers = day.papers.filter((p) => !p.id.startsWith('2605.9'));
  return { day: day.date, paper: papers[n] };
}

/** ready waits for the pane's full text to be on the page, every chunk of it. */
async function ready(page, timeout = 20_000) {
  await expect(fulltext(page)).toHaveAttribute('data-state', 'ready', { timeout });
  await expect(reader(page)).toHaveAttribute('data-rendered', 'all', { timeout });
}

/** The heading the reader's bar says is being read. */
const nowReading = (page) => page.locator('.reader .bar .now');

test('a paper saved online is read offline: math, the outline, n and p, search in the text, the place kept', async ({ page }) => {
  test.setTimeout(120_000);
  const { day, paper } = await aPaper(0);
  await page.goto(`/#/day/${day}`);
  await page.locator(`article.row[data-card="${paper.id}"] .title a`).click();
  await expect(region(page).locator('h2.title')).toHaveText(paper.title);
  await expect(fulltext(page).getByRole('button', { name: /Download full text/ })).toBeVisible();

  // Saving it fetches its full text (the rules fetch saved papers), and the pane shows it.
  await page.keyboard.press('s');
  await ready(page);
  expect((await callAt(world, 'FullText.Info')).texts).toBeGreaterThanOrEqual(1);

  // Offline: Hugging Face can't be reached at all. The page starts afresh, from the cache.
  await fakeModeAt(world, 'down');
  await page.goto(`/#/paper/${paper.id}`);
  await ready(page);
  const md = reader(page).locator('.md');
  await expect(md.locator('h4').first()).toHaveText(paper.title);
  await expect(md.locator('.katex').first()).toBeVisible();
  expect(await md.locator('.katex').count()).toBeGreaterThan(3);
  expect(await md.locator('table').count()).toBeGreaterThan(0);
  expect(await md.locator('pre code').count()).toBeGreaterThanOrEqual(0);
  // No image is loaded: figures are their alt text, with a link.
  expect(await page.locator('main img').count()).toBe(0);
  expect(await md.locator('.img .img-alt').count()).toBeGreaterThan(0);

  // The outline jumps to a section; n and p step through them.
  await page.getByRole('button', { name: /^Contents/ }).click();
  const contents = page.getByRole('navigation', { name: 'Contents' });
  await expect(contents).toBeVisible();
  await page.screenshot(shot('reader-contents-light'));
  await contents.getByRole('button', { name: /^\d+ Method$/ }).click();
  await expect(contents).toHaveCount(0);
  await expect(nowReading(page)).toHaveText(/^\d+ Method$/);
  const method = md.locator('.md-h', { hasText: /^\d+ Method$/ });
  await expect(method).toBeFocused();
  const paneTop = (await region(page).boundingBox()).y;
  const top = (await method.boundingBox()).y;
  expect(top - paneTop, 'the section starts at the top of the pane').toBeLessThan(120);
  expect(top - paneTop).toBeGreaterThan(0);
  await page.keyboard.press('n');
  await expect(nowReading(page)).not.toHaveText(/^\d+ Method$/);
  const after = await nowReading(page).textContent();
  await page.keyboard.press('p');
  await expect(nowReading(page)).toHaveText(/^\d+ Method$/);
  await page.keyboard.press('n');
  await expect(nowReading(page)).toHaveText(after);
  // j still goes through the list, from inside the text too.
  await page.keyboard.press('j');
  await expect(region(page).locator('h2.title')).not.toHaveText(paper.title);

  // The reading position is kept: open the paper again and it is where it was.
  await page.goto(`/#/paper/${paper.id}`);
  await ready(page);
  await page.getByRole('button', { name: /^Contents/ }).click();
  await page.getByRole('navigation', { name: 'Contents' }).getByRole('button', { name: /^\d+ Experiments$/ }).click();
  await expect(nowReading(page)).toHaveText(/^\d+ Experiments$/);
  const experiments = await nowReading(page).textContent();
  await region(page).evaluate((el) => el.scrollBy(0, 40)); // a scroll the page saves
  await expect.poll(async () => (await callAt(world, 'FullText.Position', paper.id)).anchor, { timeout: 5000 }).toBe(experiments);
  const saved = await callAt(world, 'FullText.Position', paper.id);
  expect(saved.fraction).toBeGreaterThan(0.1);
  expect(saved.fraction).toBeLessThan(0.9);
  await page.goto(`/#/day/${day}`);
  await page.goto(`/#/paper/${paper.id}`);
  await ready(page);
  await expect(nowReading(page)).toHaveText(saved.anchor);

  // Search inside full texts finds a word only this paper's body has.
  const word = bodyWord(paper.id);
  await page.keyboard.press('Control+k');
  const box = page.getByRole('combobox', { name: 'Search papers' });
  await box.fill(word);
  const options = page.locator('li[role="option"]');
  await expect(options.first()).toContainText(paper.title);
  await box.fill(`in:text ${word}`);
  await expect(options.first()).toContainText(paper.title);
  await expect(options.first()).toContainText(word);
  await page.keyboard.press('Escape');

  // A paper not downloaded says what offline means for it, and the Download button says why it can't.
  const { paper: other } = await aPaper(1);
  await page.goto(`/#/paper/${other.id}`);
  await expect(fulltext(page)).toHaveAttribute('data-state', 'none');
  await fulltext(page).getByRole('button', { name: /Download full text/ }).click();
  await expect(fulltext(page).locator('.warn')).toBeVisible({ timeout: 20_000 });
  await expect(fulltext(page)).toHaveAttribute('data-state', 'none');
});

test('the hostile full text renders inert, sends no request and never freezes the page', async ({ browser }) => {
  test.setTimeout(120_000);
  // The CSP would stop a remote request; with it bypassed, any request the text made would go out.
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
  const blocked = await keepLocal(context);
  const page = await context.newPage();
  await page.addInitScript(() => {
    Object.defineProperty(window, '__pwned', { configurable: false, get: () => undefined, set: (v) => window.__pwnedHits.push(String(v)) });
    Object.defineProperty(window, '__pwnedHits', { value: [] });
    window.__longtasks = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__longtasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask', buffered: true });
  });
  // Every request of the page (a blocked one too) is recorded: the page may ask its own server only.
  const outside = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(world.serve.url)) outside.push(r.url());
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });

  await page.goto(`${world.serve.url}#/paper/${HOSTILE_ID}`);
  await fulltext(page).getByRole('button', { name: /Download full text/ }).click();
  await expect(fulltext(page)).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(reader(page)).toHaveAttribute('data-rendered', 'all', { timeout: 30_000 });
  const md = reader(page).locator('.md');

  // What rendered is text: no element that runs or loads, no handler, links only to https.
  expect(await md.locator('script, img, iframe, object, embed, svg:not(.katex svg), style, meta, link, form, input, video, audio').count()).toBe(0);
  const attrs = await md.evaluate((root) => {
    const bad = [];
    for (const el of root.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name) || a.name === 'srcset' || a.name === 'src') bad.push(`${el.tagName} ${a.name}`);
        if ((a.name === 'href' || a.name === 'xlink:href') && !/^https:\/\//i.test(a.value)) bad.push(`${el.tagName} ${a.name}=${a.value}`);
      }
    }
    return bad;
  });
  expect(attrs).toEqual([]);
  await expect(md).toContainText('<script>window.__pwned=102</script>');
  await expect(md).toContainText('inline javascript');
  expect(await md.locator('tbody tr').count()).toBe(2000);
  await expect(md.locator('pre code').last()).toContainText('<script>window.__pwned=120</script>');

  // A link from the text opens only as the user asks, in a tab of its own (https only); the context
  // stops the tab's request before it leaves the machine. A link that was not https is only text.
  const [popup] = await Promise.all([context.waitForEvent('page', { timeout: 5000 }), md.getByRole('link', { name: 'fine', exact: true }).click()]);
  await expect.poll(() => blocked).toContain('https://arxiv.org/abs/1706.03762');
  await popup.close();
  await md.locator('.nolink', { hasText: 'inline javascript' }).click();
  expect(context.pages()).toHaveLength(1);

  // The outline reaches the end of a 1.5 MB text.
  await page.getByRole('button', { name: /^Contents/ }).click();
  await page.getByRole('navigation', { name: 'Contents' }).getByRole('button', { name: 'Never closed' }).click();
  await expect(nowReading(page)).toHaveText('Never closed');
  await page.screenshot(shot('reader-hostile'));

  // Numbers for the report: how long the page took, and its longest busy stretch.
  const numbers = await reader(page).evaluate((el) => ({
    chunks: Number(el.dataset.chunks),
    parseMs: Number(el.dataset.parseMs),
    firstMs: Number(el.dataset.firstMs),
    allMs: Number(el.dataset.allMs),
    longestSliceMs: Number(el.dataset.longestMs),
    longTasks: window.__longtasks.slice().sort((a, b) => b - a).slice(0, 5),
    nodes: el.querySelectorAll('*').length,
  }));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(`${ARTIFACTS}/fulltext-hostile-timing.json`, JSON.stringify(numbers, null, 2));
  test.info().annotations.push({ type: 'hostile timing', description: JSON.stringify(numbers) });
  expect(numbers.firstMs, 'the start of the text shows quickly').toBeLessThan(3000);
  expect(numbers.longTasks[0] ?? 0, 'no long freeze').toBeLessThan(1000);

  expect(outside, 'requests the page made past its own server').toEqual([]);
  expect(blocked, 'requests stopped on their way out').toEqual(['https://arxiv.org/abs/1706.03762']);
  expect(await page.evaluate(() => window.__pwnedHits)).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('Settings → Full text shows the space used and sets the cap and the rules', async ({ page }) => {
  const before = await callAt(world, 'FullText.Info');
  await page.goto('/#/settings');
  const card = page.locator('section.card', { has: page.getByRole('heading', { name: 'Full text' }) });
  await expect(card.getByTestId('fulltext-used')).toContainText(`of ${before.budgetMB} MB used by ${before.texts} full text`);
  await expect(card.locator('meter')).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await page.screenshot(shot('settings-fulltext-light'));

  const cap = card.getByLabel('Keep at most');
  await expect(cap).toHaveValue(String(before.budgetMB));
  await cap.fill('20');
  await card.getByRole('button', { name: 'Set' }).click();
  expect(await cap.evaluate((el) => el.validity.rangeUnderflow), 'below the least cap').toBe(true);
  expect((await callAt(world, 'FullText.Info')).budgetMB).toBe(before.budgetMB);
  await cap.fill('120');
  await card.getByRole('button', { name: 'Set' }).click();
  await expect(notice(page)).toContainText('up to 120 MB');
  await expect(card.getByTestId('fulltext-used')).toContainText('of 120 MB used');
  expect((await callAt(world, 'FullText.Info')).budgetMB).toBe(120);

  const upvotes = card.getByLabel('Papers with more than');
  await upvotes.fill('50');
  await upvotes.press('Enter');
  await expect(notice(page)).toContainText('more than 50 upvotes');
  expect((await callAt(world, 'FullText.Info')).rules.minUpvotes).toBe(50);
  await upvotes.fill('');
  await upvotes.blur();
  await expect.poll(async () => (await callAt(world, 'FullText.Info')).rules.minUpvotes).toBe(0);

  const saved = card.getByLabel('Saved papers');
  await expect(saved).toBeChecked();
  await saved.uncheck();
  await expect.poll(async () => (await callAt(world, 'FullText.Info')).rules.saved).toBe(false);
  await saved.check();
  await expect.poll(async () => (await callAt(world, 'FullText.Info')).rules.saved).toBe(true);
  await callAt(world, 'FullText.SetBudget', before.budgetMB);
});

for (const scheme of ['light', 'dark']) {
  test(`the reader passes axe in ${scheme}, wide and narrow`, async ({ browser }) => {
    test.setTimeout(90_000);
    // axe is injected as a script: the page's CSP would refuse it.
    const context = await browser.newContext({ bypassCSP: true, colorScheme: scheme, viewport: { width: 1440, height: 900 } });
    await keepLocal(context);
    const page = await context.newPage();
    const { paper } = await aPaper(0);
    await ensureText(world, paper.id);
    const audit = async (what) => {
      const r = await new AxeBuilder({ page }).analyze();
      const bad = r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'heading-order')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      expect(bad, what).toEqual([]);
    };
    await page.goto(`${world.serve.url}#/paper/${paper.id}`);
    await ready(page);
    await page.screenshot(shot(`reader-${scheme}`));
    await audit(`reader ${scheme}`);
    await page.getByRole('button', { name: /^Contents/ }).click();
    await audit(`reader contents ${scheme}`);
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 760, height: 900 });
    await page.goto(`${world.serve.url}#/paper/${paper.id}`);
    await ready(page);
    await page.screenshot(shot(`narrow-reader-${scheme}`));
    await audit(`narrow reader ${scheme}`);
    await context.close();
  });
}
