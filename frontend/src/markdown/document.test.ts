import { describe, expect, it } from 'vitest';
import { CHUNK_HTML, TABLE_ROWS, renderDocument, type RenderedDoc } from './document';
import { safeHref } from './links';
import { renderMathIn, sanitize } from './sanitize';
import { loadKatex } from '../math/render';

/** page renders a text as the reader does: every chunk sanitised into one element. */
function page(doc: RenderedDoc): HTMLElement {
  const root = document.createElement('div');
  for (const c of doc.chunks) {
    const frag = sanitize(c.html);
    if (c.rows) {
      const body =
        root.querySelector('table:last-of-type tbody') ?? [...root.querySelectorAll('tbody')].at(-1);
      for (const tr of [...frag.querySelectorAll('tr')]) body?.appendChild(tr);
    } else {
      root.append(frag);
    }
  }
  return root;
}

const html = (src: string) =>
  renderDocument(src, { base: 2 })
    .chunks.map((c) => c.html)
    .join('');

/** The shapes of internal/hftest's HostileMarkdown: what a reader must survive. */
function hostile(): string {
  let s = `# A title <script>window.__pwned=101</script>

<script>window.__pwned=102</script>

<img src="x" onerror="window.__pwned=103">

<iframe src="javascript:window.__pwned=104"></iframe>

<style>body { display: none }</style>

<svg onload="window.__pwned=105"><circle r="10"/></svg>

<a href="javascript:window.__pwned=106">a raw link</a>

## Links

[inline javascript](javascript:window.__pwned=107) · [upper case](JaVaScRiPt:window.__pwned=108) ·
[entity encoded](&#106;avascript:window.__pwned=109) · [vbscript](vbscript:msgbox(1)) ·
[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xMTA8L3NjcmlwdD4=) ·
[plain http](http://insecure.example.com/) · [protocol relative](//evil.example.com/) ·
[hash](#/settings) · [fine](https://arxiv.org/abs/1706.03762) · <javascript:window.__pwned=111> · <https://example.org/autolink>

[reference javascript][evil] and [reference fine][ok].

[evil]: javascript:window.__pwned=112
[ok]: https://huggingface.co/papers

## Images

![a remote figure](https://arxiv.org/html/1706.03762v7/x1.png)
![plain http image](http://insecure.example.com/tracker.png)
![javascript image](javascript:window.__pwned=113)
![data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9IndpbmRvdy5fX3B3bmVkPTExNCIvPg==)

## Math that must not become links or HTML

Inline $\\href{javascript:window.__pwned=115}{\\text{click}}$ and $\\url{javascript:window.__pwned=116}$ and
$\\htmlClass{x}{y}$ and $\\includegraphics{https://evil.example.com/x.png}$.

$$
\\href{javascript:window.__pwned=117}{x^2} + \\htmlStyle{color:red}{y} = \\mathrm{z}
$$

Unbalanced: $\\frac{1}{2 and $$ never closed \\left( \\right.

Entities: &lt;script&gt;window.__pwned=118&lt;/script&gt; &amp; &#x3C;b&#x3E;.

## A huge table

| n | a | b |
|---|---|--:|
`;
  for (let r = 0; r < 2000; r++) s += `| ${r} | <b onmouseover="window.__pwned=119">${r}</b> | ${r * 2} |\n`;
  s += '\n## Deeply nested\n\n';
  for (let d = 0; d < 300; d++) s += `${'  '.repeat(d)}- level ${d}\n`;
  s += '\n';
  for (let d = 0; d < 300; d++) s += `${'>'.repeat(d + 1)} quote ${d}\n`;
  s += '\n## Never closed\n\n```html\n<script>window.__pwned=120</script>\n' + 'still code\n'.repeat(100);
  return s;
}

describe('safeHref', () => {
  it.each([
    ['https://arxiv.org/abs/1706.03762', 'https://arxiv.org/abs/1706.03762'],
    ['HTTPS://Example.org', 'https://example.org/'],
    ['http://insecure.example.com/', null],
    ['//evil.example.com/', null],
    ['javascript:alert(1)', null],
    ['JaVaScRiPt:alert(1)', null],
    ['data:text/html,x', null],
    ['#/settings', null],
    ['relative/path.html', null],
    ['https://user:pw@example.org/', null],
    ['https://example.org/a b', null],
    ['https://example.org/"onmouseover=x', null],
    ['https://example.org/' + 'a'.repeat(2100), null],
    ['', null],
  ])('%# %s', (raw, want) => {
    expect(safeHref(raw)).toBe(want);
  });
});

describe('renderDocument', () => {
  it('renders GFM: headings, emphasis, lists, code, tables with alignment as classes', () => {
    const out = html(
      '# Title\n\nSome *em* and **strong** and `code`.\n\n- one\n- two\n\n```python\nx = 1 < 2\n```\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n',
    );
    expect(out).toContain('<em>em</em>');
    expect(out).toContain('<strong>strong</strong>');
    expect(out).toContain('<code>code</code>');
    expect(out).toContain('<li>one</li>');
    expect(out).toContain('<pre><code class="language-python">x = 1 &lt; 2\n</code></pre>');
    expect(out).toContain('<div class="tw"><table>');
    expect(out).toContain('<td class="al-right">2</td>');
    expect(out).not.toContain('style=');
  });

  it('shows raw HTML as text', () => {
    const out = html('<script>alert(1)</script>\n\nA <b onclick="x()">tag</b> inline.');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&lt;b onclick=&quot;x()&quot;&gt;tag&lt;/b&gt;');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<b ');
  });

  it('keeps https links and turns every other link into its text', () => {
    const out = html(
      '[ok](https://arxiv.org/abs/1) [js](javascript:alert(1)) [http](http://x.org/) [hash](#/settings) [rel](x.html) <https://example.org/a>',
    );
    expect(out).toContain(
      '<a class="ext" href="https://arxiv.org/abs/1" title="https://arxiv.org/abs/1" rel="noopener noreferrer">ok</a>',
    );
    expect(out).toContain('<span class="nolink" title="Not a link here: only https links open">js</span>');
    for (const text of ['http', 'hash', 'rel']) expect(out).toContain(`open">${text}</span>`);
    expect(out).toContain('href="https://example.org/a"');
    expect(out.match(/href=/g)).toHaveLength(2);
  });

  it('never loads an image: its alt text, and a link when it is https', () => {
    const out = html('![Figure 1: a plot](https://arxiv.org/html/x1.png) ![tracker](http://t.example/p.png)');
    expect(out).not.toContain('<img');
    expect(out).toContain('<span class="img-tag">Image</span> <span class="img-alt">Figure 1: a plot</span>');
    expect(out).toContain('href="https://arxiv.org/html/x1.png"');
    expect(out).toContain('<span class="img-alt">tracker</span>');
    expect(out).not.toContain('t.example');
  });

  it('finds TeX by pandoc’s rule, $$ blocks, \\( \\) and \\[ \\], and leaves money alone', () => {
    const doc = renderDocument(
      'Cost $\\mathcal{O}(n)$ on $60 GPUs each, and \\(x^2\\) and \\[y\\].\n\n$$\nE = mc^2 \\tag{1}\n$$\n\n\\[\n\\int f\n\\]\n\nA \\$ sign and `$code$`.',
      { base: 2 },
    );
    const out = doc.chunks.map((c) => c.html).join('');
    expect(doc.math).toBe(5);
    expect(out).toContain('<span class="math" data-tex="\\mathcal{O}(n)">$\\mathcal{O}(n)$</span>');
    expect(out).toContain('on $60 GPUs each');
    expect(out).toContain('<span class="math" data-tex="x^2">\\(x^2\\)</span>');
    expect(out).toContain('<span class="math display" data-tex="y">\\[y\\]</span>');
    expect(out).toContain('<div class="math display block" data-tex="E = mc^2 \\tag{1}">');
    expect(out).toContain('<div class="math display block" data-tex="\\int f">');
    expect(out).toContain('A $ sign and <code>$code$</code>');
  });

  it('gives headings page levels in order from base, and an outline with their text', () => {
    const doc = renderDocument('# T $x$\n\n### Skipped a level\n\n## Two\n\n#### Deep\n\n# Again', {
      base: 3,
    });
    const out = doc.chunks.map((c) => c.html).join('');
    expect(doc.headings.map((h) => [h.level, h.text])).toEqual([
      [1, 'T $x$'],
      [3, 'Skipped a level'],
      [2, 'Two'],
      [4, 'Deep'],
      [1, 'Again'],
    ]);
    // levels 1,2,3,4 → h3,h4,h5,h6, but never more than one below the heading before
    expect(
      [...out.matchAll(/<h(\d) class="md-h md-h(\d)" data-h="(\d)"/g)].map((m) => m.slice(1).join('')),
    ).toEqual(['310', '431', '422', '543', '314']);
  });

  it('cuts a long text into chunks, and a long table into row chunks that continue it', () => {
    const para = `${'word '.repeat(200)}\n\n`;
    let src = '# Top\n\n' + para.repeat(200) + '## Table\n\n| a | b |\n|---|---|\n';
    for (let r = 0; r < TABLE_ROWS * 3 + 5; r++) src += `| ${r} | x |\n`;
    src += '\n## After\n\nend\n';
    const doc = renderDocument(src, { base: 2 });
    expect(doc.chunks.length).toBeGreaterThan(8);
    for (const c of doc.chunks.filter((c) => !c.rows).slice(0, -1)) {
      expect(c.html.length).toBeLessThan(CHUNK_HTML + 2000);
    }
    expect(doc.chunks.filter((c) => c.rows)).toHaveLength(3);
    const root = page(doc);
    expect(root.querySelectorAll('table')).toHaveLength(1);
    expect(root.querySelectorAll('tbody tr')).toHaveLength(TABLE_ROWS * 3 + 5);
    expect(root.querySelector('tbody tr:last-child td')?.textContent).toBe(String(TABLE_ROWS * 3 + 4));
    const after = doc.headings.find((h) => h.text === 'After');
    expect(root.querySelector(`[data-h="${after?.n}"]`)?.textContent).toBe('After');
    // each heading is in the chunk the outline says
    for (const h of doc.headings) expect(doc.chunks[h.chunk]?.html).toContain(`data-h="${h.n}"`);
  });
});

describe('a hostile full text', () => {
  it('renders inert: no script, no handler, no image, no frame, no style, links only https', async () => {
    const doc = renderDocument(hostile(), { base: 2 });
    const root = page(doc);
    expect(
      root.querySelector('script, img, iframe, object, embed, svg, style, form, input, meta, link, base'),
    ).toBeNull();
    for (const el of root.querySelectorAll('*')) {
      for (const a of el.attributes) {
        expect(a.name.startsWith('on'), `${el.tagName} ${a.name}`).toBe(false);
        expect(a.name).not.toBe('style');
      }
    }
    const hrefs = [...root.querySelectorAll('[href]')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual([
      'https://arxiv.org/abs/1706.03762',
      'https://example.org/autolink',
      'https://huggingface.co/papers',
      'https://arxiv.org/html/1706.03762v7/x1.png',
    ]);
    expect(root.textContent).toContain('<script>window.__pwned=102</script>');
    expect(root.textContent).toContain('inline javascript');
    expect(root.querySelector('tbody')?.children).toHaveLength(2000);
    expect(root.querySelector('pre code')?.textContent).toContain('<script>window.__pwned=120</script>');

    const katex = await loadKatex();
    renderMathIn(root, katex);
    expect(root.querySelector('.katex')).not.toBeNull();
    expect(root.querySelector('a:not(.ext), [href^="javascript"], .x, [style*="color:red"]')).toBeNull();
  });

  it('stays within bounds: nesting is capped and the whole text renders in chunks', () => {
    const doc = renderDocument(hostile(), { base: 2 });
    const root = page(doc);
    let deepest = 0;
    for (const el of root.querySelectorAll('li, blockquote')) {
      let d = 0;
      for (let p: Element | null = el; p && p !== root; p = p.parentElement) d++;
      deepest = Math.max(deepest, d);
    }
    expect(deepest).toBeLessThan(60);
    expect(doc.headings.map((h) => h.text)).toContain('Never closed');
  });
});
