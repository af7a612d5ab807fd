// Export and import of the library. The desktop app saves through a native dialog; a browser tab downloads.
import { api } from '../api';
import type { ApiError, ExportFormat, ExportScope, ImportReport } from '../api';
import { plural } from '../format/text';

const EXT: Record<ExportFormat, string> = { bibtex: 'bib', markdown: 'md', json: 'json' };
const MIME: Record<ExportFormat, string> = {
  bibtex: 'application/x-bibtex',
  markdown: 'text/markdown',
  json: 'application/json',
};

/** exportFileName: paperboy-saved.bib, paperboy-2026-05-26.md, paperboy-library.json … */
export function exportFileName(format: ExportFormat, scope: ExportScope): string {
  let what = 'library';
  if (scope === 'saved') what = 'saved';
  else if (scope.startsWith('date:')) what = scope.slice(5);
  else if (scope.startsWith('topic:')) what = 'topic';
  else if (scope.startsWith('query:')) what = 'search';
  what = what.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'library';
  return `paperboy-${what}.${EXT[format]}`;
}

/** download hands text to the browser as a file. */
export function download(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export type ExportResult =
  { kind: 'saved'; path: string } | { kind: 'downloaded'; name: string } | { kind: 'cancelled' };

/** exportLibrary writes an export: a native save dialog on the desktop, a download in a browser. */
export async function exportLibrary(format: ExportFormat, scope: ExportScope): Promise<ExportResult> {
  if (api.mode() === 'wails') {
    const path = await api.saveExport(format, scope);
    return path ? { kind: 'saved', path } : { kind: 'cancelled' };
  }
  const text = await api.exportText(format, scope);
  const name = exportFileName(format, scope);
  download(text, name, MIME[format]);
  return { kind: 'downloaded', name };
}

/** exportMessage is the notice after an export; "" when there is nothing to say. */
export function exportMessage(r: ExportResult): string {
  if (r.kind === 'saved') return `Saved to ${r.path}`;
  if (r.kind === 'downloaded') return `Downloaded ${r.name}`;
  return '';
}

/** importMessage: "Imported 12 papers, 30 read/saved marks, 2 topics and 1 setting". */
export function importMessage(r: ImportReport): string {
  const parts = [
    plural(r.papers, 'paper'),
    plural(r.states, 'read/saved mark'),
    plural(r.topics, 'topic'),
    plural(r.settings, 'setting'),
  ];
  return `Imported ${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** MAX_IMPORT caps what the desktop app reads into memory from a picked file; the browser mode streams it. */
export const MAX_IMPORT = 200 * 1024 * 1024;

export async function importFile(file: File): Promise<ImportReport> {
  if (api.mode() !== 'http' && file.size > MAX_IMPORT) {
    throw {
      code: 'invalid',
      message: `${file.name} is too large to import here. Run “paperboy import ${file.name}”.`,
    } satisfies ApiError;
  }
  return api.importFile(file, readText);
}

/** readText reads a picked file (FileReader where Blob.text is missing, as in older WebKitGTK). */
export function readText(b: Blob): Promise<string> {
  if (typeof b.text === 'function') return b.text();
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result ?? ''));
    r.onerror = () => reject({ code: 'invalid', message: "Couldn't read the file." } satisfies ApiError);
    r.readAsText(b);
  });
}
