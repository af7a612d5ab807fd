// Starts everything the tests need: builds paperboy (unless E2E_SKIP_BUILD=1) and the fake
// Hugging Face API, fills a temporary data dir by a real `paperboy sync`, records what
// `paperboy list --json` says about the latest day, then runs `paperboy serve --no-sync`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { E2E_DIR, ROOT, run, searchReady, startFake, startServe, writeState } from './lib/procs.js';

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
  const shared = path.resolve(ROOT, '..', 'shared', 'fixtures', 'hf');
  const fake = await startFake({ bin: fakeBin, dir, today, fixtures: fs.existsSync(shared) ? shared : '' });
  const st = { dir, bin, dataDir, today, fake, serveLog: path.join(dir, 'serve.log') };
  writeState(st); // so the teardown stops the fake even if what follows fails

  run(bin, ['--data-dir', dataDir, '--api', fake.url, 'sync', '--days', '14']);
  // What the command line says about the latest day, before the browser touches anything.
  st.list = JSON.parse(run(bin, ['--data-dir', dataDir, '--api', fake.url, 'list', '--json']));
  st.serve = await startServe({ bin, dataDir, api: fake.url, log: st.serveLog });
  writeState(st);
  await searchReady();
  console.log(`e2e: fake HF ${fake.url}, paperboy ${st.serve.url}, ${st.list.length} papers on the latest day (setup ${Date.now() - t0} ms)`);
}
