// Browser mode listens on loopback, so other web pages must not be able to drive it:
// DNS rebinding (a foreign Host) gets 421, cross-site calls (a foreign Origin) get 403.
import http from 'node:http';
import { call, readState } from '../lib/procs.js';
import { expect, test } from '../lib/fixtures.js';

/** request sends one raw HTTP request to the server and resolves to {status, body}. */
function request(method, path, headers = {}, body = '') {
  const u = new URL(readState().serve.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode, body: data, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const API = { 'Content-Type': 'application/json', 'X-Paperboy': '1' };

test('a foreign Host header gets 421 (DNS rebinding)', async () => {
  const host = new URL(readState().serve.url).host;
  const cases = [
    { name: 'own host', method: 'GET', path: '/', headers: { Host: host }, want: 200 },
    { name: 'localhost', method: 'GET', path: '/', headers: { Host: `localhost:${host.split(':')[1]}` }, want: 200 },
    { name: 'evil page', method: 'GET', path: '/', headers: { Host: 'evil.example' }, want: 421 },
    { name: 'evil with port', method: 'GET', path: '/', headers: { Host: `evil.example:${host.split(':')[1]}` }, want: 421 },
    { name: 'evil api', method: 'POST', path: '/api/Papers.Days', headers: { ...API, Host: 'evil.example' }, body: '[]', want: 421 },
    { name: 'evil events', method: 'GET', path: '/api/events', headers: { Host: 'evil.example' }, want: 421 },
  ];
  for (const c of cases) {
    const res = await request(c.method, c.path, c.headers, c.body);
    expect(res.status, c.name).toBe(c.want);
  }
});

test('a POST from another origin gets 403 and changes nothing (CSRF)', async () => {
  const { serve } = readState();
  const own = new URL(serve.url).origin;
  const day = await call('Papers.Day', '', 'upvotes');
  const victim = day.papers.find((p) => !p.saved);
  const body = JSON.stringify([victim.id, true]);
  const cases = [
    { name: 'evil origin', headers: { ...API, Origin: 'http://evil.example' }, want: 403 },
    { name: 'cross-site fetch metadata', headers: { ...API, 'Sec-Fetch-Site': 'cross-site' }, want: 403 },
    { name: 'no custom header', headers: { 'Content-Type': 'application/json', Origin: own }, want: 403 },
    { name: 'form-encodable body', headers: { 'Content-Type': 'text/plain', 'X-Paperboy': '1', Origin: own }, want: 403 },
  ];
  for (const c of cases) {
    const res = await request('POST', '/api/Papers.SetSaved', c.headers, body);
    expect(res.status, c.name).toBe(c.want);
    expect(JSON.parse(res.body), c.name).toMatchObject({ code: 'invalid' });
  }
  expect((await call('Papers.Paper', victim.id)).paper.saved, 'nothing was saved').toBe(false);

  const events = await new Promise((resolve, reject) => {
    const u = new URL(serve.url);
    const req = http.get(
      { host: u.hostname, port: u.port, path: '/api/events', headers: { Origin: 'http://evil.example' } },
      (res) => {
        res.destroy();
        resolve(res.statusCode);
      },
    );
    req.on('error', reject);
  });
  expect(events, 'events from another origin').toBe(403);

  // The same request from the page's own origin is allowed (so the cases above can fail).
  const ok = await request('POST', '/api/Papers.Day', { ...API, Origin: own }, JSON.stringify(['', 'upvotes']));
  expect(ok.status).toBe(200);
});

test('a page on another origin cannot save a paper through the browser', async ({ page, st }) => {
  const day = await call('Papers.Day', '', 'upvotes');
  const victim = day.papers.find((p) => !p.saved);
  // The fake HF server is a different origin (another port) the browser can load.
  await page.goto(`${st.fake.url}/nothing-here`);
  const outcome = await page.evaluate(
    async ([url, id]) => {
      const out = [];
      for (const init of [
        { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify([id, true]) },
        { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Paperboy': '1' }, body: JSON.stringify([id, true]) },
      ]) {
        try {
          const r = await fetch(url, init);
          out.push(r.type === 'opaque' ? 'opaque' : String(r.status));
        } catch (e) {
          out.push('blocked');
        }
      }
      return out;
    },
    [`${st.serve.url}api/Papers.SetSaved`, victim.id],
  );
  expect(outcome[1], 'CORS preflight is never granted').toBe('blocked');
  expect((await call('Papers.Paper', victim.id)).paper.saved, 'nothing was saved').toBe(false);
});
