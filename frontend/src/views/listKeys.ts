import type { ApiError } from '../api';
import { list } from '../stores/day.svelte';
import type { ViewKeys } from '../stores/keyboard.svelte';
import { notice } from '../stores/notice.svelte';
import { route } from '../stores/route.svelte';

/** step moves the focus and says so when there is nowhere to go. */
export function step(delta: number): void {
  if (list.rows.length === 0) notice.show('No papers here');
  else if (!list.move(delta)) notice.show(delta > 0 ? 'That was the last paper' : 'That was the first paper');
}

/** listKeys: what j/k/o/s/m do on any list page, plus the page's own [ and ]. */
export function listKeys(prevPage?: () => void, nextPage?: () => void): ViewKeys {
  const report = (e: ApiError | null, done: string) => {
    if (e) notice.error(e.message);
    else notice.show(done);
  };
  const focused = () => {
    const p = list.focused();
    if (!p) notice.show('Press j to pick a paper first');
    return p;
  };
  return {
    next: () => step(1),
    prev: () => step(-1),
    open: () => {
      const p = focused();
      if (p) route.go({ name: 'paper', id: p.id });
    },
    save: () => {
      const p = focused();
      if (p)
        void list.setSaved(p.id, !p.saved).then((e) => report(e, p.saved ? 'Removed from Saved' : 'Saved'));
    },
    read: () => {
      const p = focused();
      if (p)
        void list.setRead(p.id, !p.read).then((e) => report(e, p.read ? 'Marked unread' : 'Marked read'));
    },
    prevPage,
    nextPage,
  };
}
