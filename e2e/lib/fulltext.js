// A world of its own for the full-text specs: a fake Hugging Face API that serves papers' Markdown
// (fakehf --fulltext), a data directory synced from it, and a `paperboy serve` on that directory.
// The suite's shared server and fake stay as they were (the other specs see no full texts), and
// taking this fake offline touches nobody else.
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, E2E_DIR, readState, run, startFake, startServe, stop, waitFor } from './procs.js';

/** The hostile paper whose full text is hftest.HostileMarkdown (raw HTML, javascript: links, a huge table…). */
export const HOSTILE_ID = '2605.90001';

/** startWorld starts the fake and the server and resolves to {dir, dataDir, fake, serve, log}. */
export async function startWorld() {
  const st = readState();
  const dir = fs.mkdtempSync(path.join(st.dir, 'fulltext-'));
  const fake = await startFake({
    bin: path.join(E2E_DIR, '.bin', 'fakehf'),
    dir,
    today: st.today,
    papers: 40,
    fulltext: true,
  });
  const world = { dir, dataDir: path.join(dir, 'data'), fake, serve: null, log: path.join(dir, 'serve.log') };
  try {
    run(st.bin, ['--data-dir', world.dataDir, '--api', fake.url, 'sync', '--days', '10']);
    world.serve = await startServe({ bin: st.bin, dataDir: world.dataDir, api: fake.url, log: world.log });
    await waitFor(
      'the search index to load',
      async () => (await callAt(world, 'Search.Query', 'Supercalifragilistic', 5)).hits.length > 0,
      15000,
      world.log,
    );
  } catch (e) {
    await stopWorld(world);
    throw e;
  }
  return world;
}

/** stopWorld stops what startWorld started and keeps its logs as artifacts. */
export async function stopWorld(world) {
  if (!world) return;
  await stop(world.serve?.pid);
  await stop(world.fake?.pid);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const [from, to] of [
    [world.log, 'e2e-fulltext-serve.log'],
    [path.join(world.dir, 'fakehf.log'), 'e2e-fulltext-fakehf.log'],
  ]) {
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(ARTIFACTS, to));
  }
}

/** callAt invokes a bound method of the world's server, as the page would. */
export async function callAt(world, method, ...args) {
  const res = await fetch(new URL(`api/${method}`, world.serve.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Paperboy': '1' },
    body: JSON.stringify(args),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`${method}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** fakeModeAt switches the world's fake API into a failure mode ("" recovers, "down" closes every connection). */
export async function fakeModeAt(world, m) {
  const res = await fetch(`${world.fake.url}/__mode?m=${encodeURIComponent(m)}`, { method: 'POST' });
  if (!res.ok) throw new Error(`fakehf /__mode: ${res.status}`);
}

/** ensureText has the world's server download id's full text, and waits until it is cached. */
export async function ensureText(world, id) {
  await callAt(world, 'FullText.Download', id);
  await waitFor(`the full text of ${id}`, async () => (await callAt(world, 'FullText.Get', id)).state === 'ready', 30000, world.log);
}

/** NOT_LOCAL matches the addresses of this machine's servers: any other request must never leave the browser. */
export const NOT_LOCAL = /^(?!https?:\/\/(127\.0\.0\.1|localhost)[:/])[a-z][a-z0-9+.-]*:\/\//i;

/** keepLocal makes a browser context abort every request that is not to this machine. */
export async function keepLocal(context, seen = []) {
  await context.route(NOT_LOCAL, (route) => {
    seen.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  return seen;
}

/** bodyWord is hftest.BodyWord: a word only the generated full text of id holds (in its Method section). */
export function bodyWord(id) {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(id, 'utf8')) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  let s = 'zq';
  for (let i = 0; i < 8; i++) {
    s += String.fromCharCode(97 + Number(h % 26n));
    h /= 26n;
  }
  return s;
}
