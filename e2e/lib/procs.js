// Processes the suite runs: the fake Hugging Face API and `paperboy serve`.
// The global setup starts them and records what it started in a state file
// (E2E_STATE); tests read it, and the restart test replaces the server in it.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(E2E_DIR, '..');
export const ARTIFACTS = path.join(ROOT, 'build', 'test-artifacts');

/** readState returns what the global setup started (see global-setup.js). */
export function readState() {
  const file = process.env.E2E_STATE;
  if (!file) throw new Error('E2E_STATE is not set: run the tests with `npm test` in e2e/');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export function writeState(st) {
  fs.writeFileSync(process.env.E2E_STATE, JSON.stringify(st, null, 2));
}

/** run runs a command to completion and returns its stdout; it throws with stderr on failure. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${(r.stderr || '').slice(-4000)}`);
  }
  return r.stdout;
}

/** alive: the process exists and is not a zombie waiting to be reaped. */
export function alive(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** stop sends SIGTERM to one process we started, then SIGKILL after a grace period. */
export async function stop(pid, graceMs = 4000) {
  if (!pid || !alive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const until = Date.now() + graceMs;
  while (alive(pid) && Date.now() < until) await sleep(50);
  if (alive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
    while (alive(pid)) await sleep(50);
  }
}

/** spawnLogged starts a long-lived process writing to a log file; it outlives the caller's process. */
function spawnLogged(cmd, args, logFile) {
  const fd = fs.openSync(logFile, 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', fd, fd], detached: true, cwd: ROOT });
  fs.closeSync(fd);
  child.unref();
  return child;
}

/** waitFor polls check until it returns something truthy, and fails with the log's tail after timeoutMs. */
export async function waitFor(what, check, timeoutMs, logFile) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) {
      const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-3000) : '';
      throw new Error(`timed out waiting for ${what}; log ${logFile}:\n${log}`);
    }
    await sleep(50);
  }
}

/**
 * startFake starts the fake Hugging Face API and returns {pid, url}; fulltext: it serves papers'
 * Markdown at /papers/{id}.md too (the first hostile paper's is hftest.HostileMarkdown).
 */
export async function startFake({ bin, dir, today, fixtures, papers = 300, fulltext = false }) {
  const urlFile = path.join(dir, 'fake.url');
  const log = path.join(dir, 'fakehf.log');
  const args = ['--addr', '127.0.0.1:0', '--url-file', urlFile, '--papers', String(papers), '--hostile', '--today', today];
  if (fixtures) args.push('--fixtures', fixtures);
  if (fulltext) args.push('--fulltext');
  const child = spawnLogged(bin, args, log);
  const url = await waitFor(
    'fakehf to listen',
    () => {
      if (!alive(child.pid)) throw new Error(`fakehf exited: ${fs.readFileSync(log, 'utf8')}`);
      return fs.existsSync(urlFile) && fs.readFileSync(urlFile, 'utf8').trim();
    },
    15000,
    log,
  );
  return { pid: child.pid, url };
}

/** get does one GET with the Host header the server expects and resolves to the status (0 if refused). */
export function get(url, headers = {}) {
  return new Promise((resolve) => {
    const req = http.get(url, { headers, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

/**
 * startServe runs `paperboy serve --no-sync` on addr (default: a free port) and resolves to
 * {pid, url} once it answers.
 */
export async function startServe({ bin, dataDir, api, addr = '127.0.0.1:0', log }) {
  const start = fs.existsSync(log) ? fs.statSync(log).size : 0;
  const child = spawnLogged(bin, ['--data-dir', dataDir, '--api', api, 'serve', '--no-sync', '--addr', addr], log);
  const url = await waitFor(
    'paperboy serve to listen',
    () => {
      if (!alive(child.pid)) throw new Error(`paperboy serve exited:\n${fs.readFileSync(log, 'utf8').slice(start)}`);
      const m = /serving (http:\/\/[\d.:]+\/)/.exec(fs.readFileSync(log, 'utf8').slice(start));
      return m && m[1];
    },
    20000,
    log,
  );
  await waitFor('paperboy serve to answer', async () => (await get(url)) === 200, 10000, log);
  return { pid: child.pid, url };
}

/** restartServe stops the running server and starts a new one on the same address and data. */
export async function restartServe() {
  const st = readState();
  await stop(st.serve.pid);
  const addr = new URL(st.serve.url).host;
  st.serve = await startServe({ bin: st.bin, dataDir: st.dataDir, api: st.fake.url, addr, log: st.serveLog });
  writeState(st);
  await searchReady();
  return st.serve;
}

/** searchReady waits until the index, which loads in the background after a start, finds a paper. */
export async function searchReady() {
  await waitFor(
    'the search index to load',
    async () => (await call('Search.Query', 'Supercalifragilistic', 5)).hits.some((h) => h.paper.id === '2605.90004'),
    15000,
    readState().serveLog,
  );
}

/** fakeMode switches the fake API's failure mode ("" recovers, "down" closes every connection). */
export async function fakeMode(m) {
  const { fake } = readState();
  const res = await fetch(`${fake.url}/__mode?m=${encodeURIComponent(m)}`, { method: 'POST' });
  if (!res.ok) throw new Error(`fakehf /__mode: ${res.status}`);
}

/** call invokes a bound method over the API as the page would. */
export async function call(method, ...args) {
  const { serve } = readState();
  const res = await fetch(new URL(`api/${method}`, serve.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Paperboy': '1' },
    body: JSON.stringify(args),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`${method}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}
