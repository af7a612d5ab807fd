// Stops what the setup (or the restart test) started, keeps the logs as artifacts, removes the data.
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, stop } from './lib/procs.js';

export default async function globalTeardown() {
  const file = process.env.E2E_STATE;
  if (!file || !fs.existsSync(file)) return;
  const st = JSON.parse(fs.readFileSync(file, 'utf8'));
  await stop(st.serve?.pid);
  await stop(st.fake?.pid);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const log of ['serve.log', 'fakehf.log']) {
    const from = path.join(st.dir, log);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(ARTIFACTS, `e2e-${log}`));
  }
  if (process.env.E2E_KEEP !== '1') fs.rmSync(st.dir, { recursive: true, force: true });
}
