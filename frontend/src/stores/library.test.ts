import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backend } from '../test/backend';
import { exportFileName, exportLibrary, exportMessage, importFile, importMessage, readText } from './library';

vi.mock('../api/transport', async () => (await import('../test/backend')).transportMock());

describe('exportFileName', () => {
  const cases: { name: string; format: 'bibtex' | 'markdown' | 'json'; scope: string; want: string }[] = [
    { name: 'saved BibTeX', format: 'bibtex', scope: 'saved', want: 'paperboy-saved.bib' },
    { name: 'saved Markdown', format: 'markdown', scope: 'saved', want: 'paperboy-saved.md' },
    { name: 'whole library JSON', format: 'json', scope: 'all', want: 'paperboy-library.json' },
    { name: 'a day', format: 'bibtex', scope: 'date:2026-05-26', want: 'paperboy-2026-05-26.bib' },
    { name: 'a topic', format: 'markdown', scope: 'topic:../../etc', want: 'paperboy-topic.md' },
    { name: 'a query', format: 'bibtex', scope: 'query:a/b', want: 'paperboy-search.bib' },
    { name: 'hostile date', format: 'bibtex', scope: 'date:../x y', want: 'paperboy-x-y.bib' },
  ];
  for (const c of cases) it(c.name, () => expect(exportFileName(c.format, c.scope)).toBe(c.want));
});

describe('exportLibrary', () => {
  let clicked: { href: string; download: string }[];

  beforeEach(() => {
    backend.reset();
    clicked = [];
    vi.stubGlobal(
      'URL',
      Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }),
    );
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.getAttribute('href') ?? '', download: this.download });
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('downloads the text as a file in browser mode', async () => {
    backend.on('Library.Export', (() => '@misc{a}') as never);
    const got = await exportLibrary('bibtex', 'saved');
    expect(got).toEqual({ kind: 'downloaded', name: 'paperboy-saved.bib' });
    expect(backend.called('Library.Export')).toEqual([['bibtex', 'saved']]);
    expect(backend.called('Library.SaveExport')).toEqual([]);
    expect(clicked).toEqual([{ href: 'blob:x', download: 'paperboy-saved.bib' }]);
    const blob = (URL.createObjectURL as ReturnType<typeof vi.fn>).mock.calls[0]?.[0] as Blob;
    expect(await readText(blob)).toBe('@misc{a}');
    expect(document.querySelector('a[download]')).toBeNull(); // the link is gone again
    expect(exportMessage(got)).toBe('Downloaded paperboy-saved.bib');
  });

  it('asks the desktop app to save through its dialog in wails mode', async () => {
    backend.mode = 'wails';
    backend.on('Library.SaveExport', (() => '/home/ada/paperboy-library.json') as never);
    const got = await exportLibrary('json', 'all');
    expect(got).toEqual({ kind: 'saved', path: '/home/ada/paperboy-library.json' });
    expect(backend.called('Library.SaveExport')).toEqual([['json', 'all']]);
    expect(backend.called('Library.Export')).toEqual([]);
    expect(clicked).toEqual([]);
    expect(exportMessage(got)).toBe('Saved to /home/ada/paperboy-library.json');
  });

  it('says nothing when the save dialog is cancelled', async () => {
    backend.mode = 'wails';
    backend.on('Library.SaveExport', (() => '') as never);
    const got = await exportLibrary('markdown', 'saved');
    expect(got).toEqual({ kind: 'cancelled' });
    expect(exportMessage(got)).toBe('');
  });

  it('passes a failure on as {code, message}', async () => {
    backend.on('Library.Export', (() => {
      throw { code: 'disk_full', message: 'The disk is full.' };
    }) as never);
    await expect(exportLibrary('json', 'all')).rejects.toEqual({
      code: 'disk_full',
      message: 'The disk is full.',
    });
    expect(clicked).toEqual([]);
  });
});

describe('import', () => {
  beforeEach(() => backend.reset());

  it('sends the file text and reports the counts', async () => {
    backend.on('Library.Import', (() => ({ papers: 12, states: 30, topics: 2, settings: 1 })) as never);
    const file = new File(['{"version":1}'], 'paperboy-library.json', { type: 'application/json' });
    const r = await importFile(file);
    expect(backend.called('Library.Import')).toEqual([['{"version":1}']]);
    expect(importMessage(r)).toBe('Imported 12 papers, 30 read/saved marks, 2 topics and 1 setting');
  });

  it('passes on why the backend refused a file', async () => {
    backend.on('Library.Import', (() => {
      throw { code: 'invalid', message: 'paperboy-library.json is not a Paperboy library export' };
    }) as never);
    await expect(importFile(new File(['{}'], 'lib.json'))).rejects.toEqual({
      code: 'invalid',
      message: 'paperboy-library.json is not a Paperboy library export',
    });
  });
});
