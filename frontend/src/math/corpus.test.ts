// The delimiter rule against every real Hugging Face title (../shared/real-hf, 558 days): titles that
// use `$` for money must stay text, and the texts that really hold TeX must become math.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { hasMath, splitMath } from './delimiters';

// The repository root from this file's own address (not `new URL(…, import.meta.url)`, which Vite
// rewrites into a dev-server address), then the corpus next to the repository.
const ROOT = decodeURIComponent(
  import.meta.url.replace(/^file:\/\//, '').replace(/\/frontend\/src\/math\/[^/]+$/, ''),
);
const DIR = `${ROOT}/../shared/real-hf/daily/`;

interface Entry {
  paper: { id: string; title: string; summary?: string; ai_summary?: string };
}

function corpus(): Entry['paper'][] {
  const out: Entry['paper'][] = [];
  for (const f of readdirSync(DIR).filter((n) => n.endsWith('.json.gz'))) {
    const entries = JSON.parse(gunzipSync(readFileSync(DIR + f)).toString('utf8')) as Entry[];
    for (const e of entries) if (e.paper?.title) out.push(e.paper);
  }
  return out;
}

describe.skipIf(!existsSync(DIR))('the real corpus', () => {
  const papers = existsSync(DIR) ? corpus() : [];
  const byId = new Map(papers.map((p) => [p.id, p]));

  it('has the papers this test is about', () => {
    expect(papers.length).toBeGreaterThan(9000);
  });

  it('turns no title into math: every `$` in a real title is money', () => {
    const withDollar = papers.filter((p) => p.title.includes('$'));
    expect(withDollar.map((p) => p.id).sort()).toEqual(
      ['2502.12115', '2503.09642', '2505.13103', '2510.19600', '2603.07980', '2608.14614'].sort(),
    );
    expect(withDollar.filter((p) => hasMath(p.title)).map((p) => p.title)).toEqual([]);
    // The money stays as written, the escaped one unescaped.
    const title = (id: string) =>
      splitMath(byId.get(id)?.title ?? '').map((x) => (x.kind === 'text' ? x.text : ''));
    expect(title('2608.14614').join('')).toBe(
      'DumpsterCluster: From Dumpster Diving to Serving LLaMA-70B on $60 GPUs',
    );
    expect(title('2505.13103').join('')).toBe('Fixing 7,400 Bugs for 1$: Cheap Crash-Site Program Repair');
    expect(title('2603.07980').join('')).toMatch(/^\$OneMillion-Bench:/);
  });

  it('renders the math of AI summaries that use TeX', () => {
    const math = (id: string) =>
      splitMath(byId.get(id)?.ai_summary ?? '')
        .filter((x) => x.kind === 'math')
        .map((x) => (x.kind === 'math' ? x.tex : ''));
    expect(math('2510.07958')).toEqual(['^2']); // A$^2$Search
    expect(math('2510.20771')).toEqual(['\\alpha']); // The $\alpha$-Flow framework
    expect(math('2511.11332')).toEqual(['^3']); // UFO$^3$
    expect(math('2506.14245')).toEqual(['CoT', 'Pass@K']); // $CoT$-$Pass@K$
    expect(math('2511.20649')).toEqual(['\\infty']); // $\infty$-RoPE
  });

  it('finds math in exactly the texts that hold TeX, and in no text that only holds money', () => {
    const found: string[] = [];
    for (const p of papers) {
      for (const field of ['title', 'summary', 'ai_summary'] as const) {
        if (hasMath(p[field] ?? '')) found.push(`${p.id} ${field}`);
      }
    }
    // Read one by one: each is TeX its authors meant (two abstracts lost their backslashes upstream).
    expect(found.sort()).toEqual(
      [
        '2410.04717 summary', // $textbf{specialist} and textbf{generalist}$
        '2411.19477 summary', // $P(final output is incorrect) le (1 - p_{gen})^N + …$
        '2505.24863 ai_summary', // $\alpha$
        '2506.01320 ai_summary', // $\Psi$
        '2506.14245 ai_summary',
        '2506.20911 ai_summary', // A$^*$
        '2507.13347 ai_summary', // $\pi^3$
        '2510.05891 ai_summary', // D$^3$QE
        '2510.07958 ai_summary',
        '2510.12838 ai_summary', // A$^2$FM
        '2510.20771 ai_summary',
        '2511.08195 ai_summary', // UI2Code$^\text{N}$
        '2511.11332 ai_summary',
        '2511.20649 ai_summary',
        '2512.19680 ai_summary', // VA-$\pi$
        '2604.14683 ai_summary', // DR$^{3}$-Eval
        '2604.25325 ai_summary', // R$^3$-SQL
        '2605.06924 ai_summary', // A$^2$RD
      ].sort(),
    );
  });

  it('leaves money in abstracts as text', () => {
    const money = [
      '2406.11939',
      '2408.06292',
      '2410.03017',
      '2502.09056',
      '2503.00714',
      '2506.13585',
      '2608.10450',
    ];
    for (const id of money) expect(hasMath(byId.get(id)?.summary ?? ''), id).toBe(false);
  });
});
