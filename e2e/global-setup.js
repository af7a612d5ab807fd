// Starts everything the tests need: builds paperboy (unless E2E_SKIP_BUILD=1) and the fake
// Hugging Face API, fills a temporary data dir by a real `paperboy sync`, records what
// `paperboy list --json` says about the latest day, then runs `paperboy serve --no-sync`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { E2E_DIR, ROOT, run, searchReady, startFake, startServe, writeState } from './lib/procs.js';

/** REAL_DAY: a real Hugging Face day with a money title ("Under $0.1") and TeX in an AI summary ($\alpha$-Flow). */
const REAL_DAY = '2025-10-24';

/**
 * gatherFixtures puts the fake API's fixture days in dir: the shared samples, and REAL_DAY from the
 * real corpus next to the repository (../shared/real-hf) when it is there. It returns REAL_DAY, or ""
 * without the corpus.
 */
function gatherFixtures(dir) {
  fs.mkdirSync(dir, { recursive: true });
  // the shared samples beside the repository, else the copy the repository keeps for its Go tests
  let shared = path.resolve(ROOT, '..', 'shared', 'fixtures', 'hf');
  if (!fs.existsSync(shared)) shared = path.join(ROOT, 'internal', 'hf', 'testdata');
  for (const f of fs.readdirSync(shared).filter((n) => n.startsWith('daily_papers_'))) {
    fs.copyFileSync(path.join(shared, f), path.join(dir, f));
  }
  const real = path.resolve(ROOT, '..', 'shared', 'real-hf', 'daily', `${REAL_DAY}.json.gz`);
  if (!fs.existsSync(real)) return '';
  fs.writeFileSync(path.join(dir, `daily_papers_${REAL_DAY}.json`), zlib.gunzipSync(fs.readFileSync(real)));
  return REAL_DAY;
}

export default async function globalSetup() {
  const t0 = Date.now();
  const bin = process.env.PAPERBOY_BIN || path.join(ROOT, 'build', 'bin', 'paperboy');
  if (!process.env.PAPERBOY_BIN && process.env.E2E_SKIP_BUILD !== '1') {
    run('make', ['-C', ROOT, 'build'], { stdio: ['ignore', 'ignore', 'pipe'] });
  }
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run make build`);
  const fakeBin = path.join(E2E_DIR, '.bin', 'fakehf');
  run('go', ['build', '-o', fakeBin, './internal/hftest/fakehf'], { cwd: ROOT });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-e2e-'));
  process.env.E2E_STATE = path.join(dir, 'state.json');
  const dataDir = path.join(dir, 'data');
  const today = new Date().toISOString().slice(0, 10);
  const fixtures = path.join(dir, 'fixtures');
  const realDay = gatherFixtures(fixtures);
  const fake = await startFake({ bin: fakeBin, dir, today, fixtures });
  const st = { dir, bin, dataDir, today, fake, realDay, serveLog: path.join(dir, 'serve.log') };
  writeState(st); // so the teardown stops the fake even if what follows fails

  run(bin, ['--data-dir', dataDir, '--api', fake.url, 'sync', '--days', '14']);
  if (realDay) run(bin, ['--data-dir', dataDir, '--api', fake.url, 'sync', '--date', realDay]);
  // What the command line says about the latest day, before the browser touches anything.
  st.list = JSON.parse(run(bin, ['--data-dir', dataDir, '--api', fake.url, 'list', '--json']));
  st.serve = await startServe({ bin, dataDir, api: fake.url, log: st.serveLog });
  writeState(st);
  await searchReady();
  console.log(`e2e: fake HF ${fake.url}, paperboy ${st.serve.url}, ${st.list.length} papers on the latest day (setup ${Date.now() - t0} ms)`);
}
