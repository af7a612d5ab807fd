// The browser mode's part of `make bench` (internal/perf/browser.go runs it): Debian's chromium,
// headless, through the e2e suite's playwright-core, opens Paperboy's page served by `paperboy
// serve` and the hello-world page, alternately, and types the queries into each at the given
// speed. It prints every line the pages log, prefixed with the page's name:
//
//   node bench.mjs E2E_DIR APP_URL HELLO_FILE REPS PER_CHAR_MS QUERIES_JSON
//
// Paperboy's page logs through Settings.Log (read here off the request); the hello page's
// window.go.main.Hello.Log is defined to print the same lines.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [e2eDir, appURL, helloFile, reps, perChar, queriesJSON] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(e2eDir), 'package.json'));
const { chromium } = require('playwright-core');
const queries = JSON.parse(queriesJSON);
const delay = Number(perChar);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});

/** open loads a page in a fresh context and returns a waiter for the lines it logs. */
async function open(name, url, app) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 820 }, bypassCSP: true });
  const page = await context.newPage();
  const seen = [];
  let wake = () => {};
  const line = (msg) => {
    console.log(`${name}: ${msg}`);
    seen.push(msg);
    wake();
  };
  if (app) {
    await page.route('**/api/Settings.Log', async (route) => {
      try {
        line(String(JSON.parse(route.request().postData() ?? '[]')[0]));
      } catch {
        // not a log line
      }
      await route.continue();
    });
  } else {
    await page.exposeFunction('__paperboyLog', line);
    await page.addInitScript(() => {
      window.go = { main: { Hello: { Log: (m) => window.__paperboyLog(m) } } };
    });
  }
  const wait = async (re, from, ms = 20000) => {
    const until = Date.now() + ms;
    for (;;) {
      const i = seen.slice(from).findIndex((m) => re.test(m));
      if (i >= 0) return from + i;
      if (Date.now() > until) throw new Error(`${name}: no ${re} within ${ms} ms`);
      await new Promise((r) => {
        wake = r;
        setTimeout(r, 100);
      });
    }
  };
  await page.goto(url);
  await wait(/first-render/, 0);
  return { page, context, seen, wait };
}

for (let rep = 0; rep < Number(reps); rep++) {
  for (const [name, url, app] of [
    ['hello', pathToFileURL(helloFile).href, false],
    ['app', appURL, true],
  ]) {
    const { page, context, seen, wait } = await open(name, url, app);
    await page.waitForTimeout(1500);
    for (const q of queries) {
      const from = seen.length;
      if (app) {
        await page.keyboard.press('Control+k');
        await page.waitForSelector('[role=combobox]');
      }
      await page.keyboard.type(q, { delay });
      await page.waitForTimeout(1000);
      await page.keyboard.press('Escape');
      await wait(/paperboy: keystrokes/, from);
      await page.waitForTimeout(200);
    }
    await context.close();
  }
}
await browser.close();
