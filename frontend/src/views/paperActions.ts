// What s, m and b do to the paper on screen, with the feedback every key gives.
import { api, type ApiError } from '../api';
import { notice } from '../stores/notice.svelte';
import { paper } from '../stores/paper.svelte';
import { copyText } from './clipboard';

function report(e: ApiError | null, done: string): void {
  if (e) notice.error(e.message);
  else notice.show(done);
}

export function toggleSaved(): void {
  const p = paper.paper;
  if (!p) return;
  const saved = !p.saved;
  void paper.setSaved(saved).then((e) => report(e, saved ? 'Saved' : 'Removed from Saved'));
}

export function toggleRead(): void {
  const p = paper.paper;
  if (!p) return;
  const read = !p.read;
  void paper.setRead(read).then((e) => report(e, read ? 'Marked read' : 'Marked unread'));
}

export async function copyBibtex(): Promise<void> {
  const p = paper.paper;
  if (!p) return;
  try {
    const text = await api.bibtex(p.id);
    notice.show((await copyText(text)) ? 'BibTeX copied' : "Couldn't reach the clipboard");
  } catch (e) {
    notice.error((e as ApiError).message);
  }
}
