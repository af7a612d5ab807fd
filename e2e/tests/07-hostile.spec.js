// Paper text is untrusted: markup, script, entities, LaTeX and right-to-left text must show as
// text, nothing may run, no non-https link may be clickable, and huge papers must not break layout.
// The fixture's tripwire fails any test in which something sets window.__pwned.
import { ARTIFACTS, call, readState } from '../lib/procs.js';
import { expect, openDay, pane, readRows, settled, test } from '../lib/fixtures.js';

const HOSTILE = ['2605.90001', '2605.90002', '2605.90003', '2605.90004'];

/** unsafeLinks lists every <a href> that is not an in-app (#) link or an https URL. */
function unsafeLinks(page) {
  return page.$$eval('a[href]', (as) =>
    as.map((a) => a.getAttribute('href')).filter((h) => !/^#/.test(h) && !/^https:\/\//i.test(h.trim())),
  );
}

/** dangerous lists elements paper text could have smuggled in. */
function dangerous(page) {
  return page.evaluate(() => {
    const bad = [...document.querySelectorAll('main script, main iframe, main img, main b, main u, main object, main embed')];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) if (/^on/i.test(a.name)) bad.push(el);
    }
    return bad.map((el) => el.outerHTML.slice(0, 120));
  });
}

/**
 * overflow reports anything that shows wider than the window, naming the offending elements (what a
 * box clips, such as the end of a one-line title, does not show).
 */
function overflow(page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const name = (el) =>
      el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/)[0] : '');
    const clipped = (el) => {
      for (let a = el.parentElement; a && a.tagName !== 'MAIN'; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= vw + 1) return true;
      }
      return false;
    };
    const wide = [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > vw + 1 && !clipped(el))
      .map((el) => `${name(el.parentElement)} > ${name(el)}: right ${Math.round(el.getBoundingClientRect().right)}px`)
      .slice(0, 5);
    return { vw, scrollWidth: document.documentElement.scrollWidth, mainScroll: document.querySelector('main').scrollWidth, wide };
  });
}

test('the hostile day renders its text literally and runs nothing', async ({ page }) => {
  const day = await call('Papers.Day', '', 'upvotes');
  const papers = new Map(day.papers.map((p) => [p.id, p]));
  for (const id of HOSTILE) expect(papers.has(id), `${id} is listed on the latest day`).toBe(true);

  await openDay(page);
  const rows = new Map((await readRows(page)).map((r) => [r.id, r]));
  const row = (id) => page.locator(`main article[data-card="${id}"]`);

  // Markup stays text.
  expect(rows.get('2605.90001').title).toBe('<script>window.__pwned=1</script>Attention <b>Is</b> All You Need');
  await expect(row('2605.90001').locator('.title a')).toHaveText(papers.get('2605.90001').title);
  await expect(row('2605.90001').locator('.org')).toHaveText('<u>Evil Org</u>');
  expect(rows.get('2605.90001').authors).toBe('<img src=x onerror=window.__pwned=4>, Zoë Ångström');
  expect(rows.get('2605.90001').code, 'a javascript: repository is no code').toBe(false);
  // TeX becomes a formula (KaTeX), and nothing else does.
  await expect(row('2605.90002').locator('.title .katex').first()).toBeVisible();
  await expect(row('2605.90002').locator('.title .katex')).toHaveCount(2);
  await expect(row('2605.90002').locator('.title a')).toContainText('& "quotes"');
  // Right-to-left text, with its override characters, is kept as is.
  expect(rows.get('2605.90003').title).toBe(papers.get('2605.90003').title);
  expect(rows.get('2605.90003').title).toContain('\u202E');
  expect(rows.get('2605.90004').title).toBe(papers.get('2605.90004').title);

  expect(await dangerous(page)).toEqual([]);
  expect(await unsafeLinks(page)).toEqual([]);
  let o = await overflow(page);
  expect(o.wide, `nothing wider than the ${o.vw}px window`).toEqual([]);
  expect(o.scrollWidth).toBeLessThanOrEqual(o.vw);

  // As cards, the abstract and keywords show too: still as text.
  await call('Settings.SetUI', 'density', 'cards');
  try {
    await page.reload(); // the settings are read at launch
    await settled(page);
    const card = (id) => page.locator(`main article.card[data-card="${id}"]`);
    await expect(card('2605.90001').locator('.abstract')).toContainText('<img src=x onerror="window.__pwned=2">');
    await expect(card('2605.90001').locator('.abstract')).toContainText('<iframe src="javascript:window.__pwned=3"></iframe>');
    // Entities are not decoded: "&amp;" arrives as those five characters and stays so.
    await expect(card('2605.90001').locator('.abstract')).toContainText('AT&amp;T & co. use &lt;tags&gt;.');
    await expect(card('2605.90001').locator('.chips li').first()).toHaveText('<svg onload=window.__pwned=6>');
    await expect(card('2605.90002').locator('.abstract .katex')).toHaveCount(1);
    await expect(card('2605.90002').locator('.abstract')).toContainText('\\textbf{bold} claims');
    expect(await dangerous(page)).toEqual([]);
    expect(await unsafeLinks(page)).toEqual([]);
    await card('2605.90004').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/hostile-day.png` });
    o = await overflow(page);
    expect(o.wide, `nothing wider than the ${o.vw}px window`).toEqual([]);
    expect(o.scrollWidth).toBeLessThanOrEqual(o.vw);
    const box = await card('2605.90004').boundingBox();
    expect(box.x + box.width).toBeLessThanOrEqual(o.vw);
  } finally {
    await call('Settings.SetUI', 'density', 'compact');
  }
});

test('hostile paper views show text literally, offer only https links, and lay out 533 authors', async ({ page }) => {
  for (const id of HOSTILE) {
    const d = await call('Papers.Paper', id);
    await page.goto(`/#/paper/${id}`);
    const title = pane(page).locator('h2.title');
    if (id === '2605.90002') await expect(title.locator('.katex')).toHaveCount(2);
    else await expect(title).toHaveText(d.paper.title);
    if (id !== '2605.90002') await expect(pane(page).locator('.abstract')).toHaveText(d.paper.abstract.trim());

    const links = page.getByRole('navigation', { name: 'Links' }).getByRole('link');
    await expect(links).toHaveCount(d.links.length); // the links come with the paper's details
    const labels = (await links.allTextContents()).map((s) => s.trim());
    expect(labels, id).toEqual(d.links.map((l) => l.label));
    for (const l of d.links) expect(l.url, `${id} ${l.kind}`).toMatch(/^https:\/\//);
    // Real links: the address shows on hover and can be copied; a click still goes through the backend.
    for (const [i, l] of d.links.entries()) {
      await expect(links.nth(i)).toHaveAttribute('href', l.url);
      await expect(links.nth(i)).toHaveAttribute('title', l.url);
    }

    expect(await dangerous(page), id).toEqual([]);
    expect(await unsafeLinks(page), id).toEqual([]);
    const o = await overflow(page);
    expect(o.wide, id).toEqual([]);
    expect(o.scrollWidth, id).toBeLessThanOrEqual(o.vw);
    expect(o.mainScroll, id).toBeLessThanOrEqual(o.vw);
  }

  // 2605.90001: a javascript: repo and an http: project page give no link at all.
  await page.goto('/#/paper/2605.90001');
  const nav = page.getByRole('navigation', { name: 'Links' });
  await expect(nav.getByRole('link', { name: 'arXiv' })).toBeVisible();
  await expect(nav.getByRole('link', { name: /GitHub/ })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: /Project/ })).toHaveCount(0);
  await expect(pane(page).locator('.summary p')).toHaveText('<a href="javascript:alert(1)">click</a>');
  // and the backend refuses to open them whatever the page asks.
  for (const kind of ['github', 'project']) {
    await expect(call('Papers.OpenLink', '2605.90001', kind)).rejects.toThrow(/4\d\d/);
  }
  // 2605.90002: its https repo and page do get links (so the check above can fail).
  await page.goto('/#/paper/2605.90002');
  await expect(nav.getByRole('link', { name: 'GitHub' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Project page' })).toBeVisible();
  await expect(pane(page).locator('h2.title .katex').first()).toBeVisible();

  // 2605.90003: "533 authors", the first ones named near the top, the rest on request; the hidden one never.
  await page.goto('/#/paper/2605.90003');
  const authors = pane(page).locator('.authors');
  await expect(authors.locator('h3')).toHaveText('533 authors');
  await expect(authors.locator('button.name')).toHaveCount(12);
  await authors.getByRole('button', { name: 'Show all 533 authors' }).click();
  await expect(authors.locator('button.name')).toHaveCount(533);
  await expect(authors.locator('button.name').last()).toHaveText('Author Number 533');
  await expect(authors).not.toContainText('Hidden Person');
  const o = await overflow(page);
  expect(o.wide).toEqual([]);
  expect(o.scrollWidth).toBeLessThanOrEqual(o.vw);
});

test('searching for the hostile papers shows their text literally and runs nothing', async ({ page }) => {
  await openDay(page);
  const palette = page.getByRole('dialog', { name: 'Search papers' });
  const input = palette.getByRole('combobox');
  await page.keyboard.press('Control+k');
  for (const [q, id] of [
    ['script', '2605.90001'],
    ['Attention Is All', '2605.90001'],
    ['Complexity log', '2605.90002'], // TeX reads as its text: $\mathcal{O}(n \log n)$ is O(n log n)
    ['Arabic LLM', '2605.90003'],
    ['Supercalifragilistic', '2605.90004'],
  ]) {
    await input.fill(q);
    const { paper } = await call('Papers.Paper', id);
    const hit = palette.locator('li[role="option"] .title').filter({ hasText: paper.title.slice(0, 30) });
    await expect(hit.first(), q).toBeVisible();
    await expect(hit.first()).toHaveText(paper.title);
    expect(await dangerous(page), q).toEqual([]);
    expect(await unsafeLinks(page), q).toEqual([]);
  }
  // Open the first hostile hit from the palette.
  await input.fill('script');
  await expect(palette.locator('li[role="option"][aria-selected="true"] .title')).toHaveText(
    '<script>window.__pwned=1</script>Attention <b>Is</b> All You Need',
  );
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/paper\/2605\.90001$/);
  await expect(pane(page).locator('h2.title')).toHaveText('<script>window.__pwned=1</script>Attention <b>Is</b> All You Need');
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
});

test('every page carries a Content-Security-Policy that forbids inline and remote script', async ({ page, baseURL }) => {
  const res = await page.goto('/');
  const csp = res.headers()['content-security-policy'];
  expect(csp).toBeTruthy();
  const script = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)?.[1];
  expect(script.trim()).toBe("'self'");
  expect(csp).toMatch(/object-src 'none'/);
  expect(csp).toMatch(/frame-ancestors 'none'/);
  // The API answers carry it too.
  const api = await page.request.post(`${baseURL}api/Papers.Days`, {
    headers: { 'Content-Type': 'application/json', 'X-Paperboy': '1' },
    data: [],
  });
  expect(api.status()).toBe(200);
  expect(api.headers()['content-security-policy']).toBe(csp);
  expect(readState().serve.url).toBe(baseURL);
});

test('the tripwire works, and the CSP stops an inline handler even if markup slipped through', async ({ page }) => {
  await openDay(page);
  // The tripwire catches a write (so the tests above can fail)...
  await page.evaluate(() => (window.__pwned = 'self-test'));
  expect(await page.evaluate(() => window.__pwnedHits.splice(0))).toEqual(['self-test']);
  // ...and markup injected as HTML behind the app's back cannot run its handler.
  const violation = await page.evaluate(
    () =>
      new Promise((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
        const div = document.createElement('div');
        div.innerHTML = '<img src="/nope.png" onerror="window.__pwned=7">';
        document.body.append(div);
        setTimeout(() => resolve('none'), 3000);
      }),
  );
  expect(violation).toMatch(/^script-src/);
  expect(await page.evaluate(() => window.__pwnedHits.length)).toBe(0);
});
