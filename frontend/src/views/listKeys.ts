import { list } from '../stores/day.svelte';
import type { ViewKeys } from '../stores/keyboard.svelte';
import { notice } from '../stores/notice.svelte';
import { route } from '../stores/route.svelte';

/** listKeys: what j/k/o/s/m do on any list page, plus the page's own [ and ]. */
export function listKeys(prevPage?: () => void, nextPage?: () => void): ViewKeys {
  const report = (e: { message: string } | null) => {
    if (e) notice.show(e.message, 'error');
  };
  return {
    next: () => list.move(1),
    prev: () => list.move(-1),
    open: () => {
      const p = list.focused();
      if (p) route.go({ name: 'paper', id: p.id });
    },
    save: () => {
      const p = list.focused();
      if (p) void list.setSaved(p.id, !p.saved).then(report);
    },
    read: () => {
      const p = list.focused();
      if (p) void list.setRead(p.id, !p.read).then(report);
    },
    prevPage,
    nextPage,
  };
}
