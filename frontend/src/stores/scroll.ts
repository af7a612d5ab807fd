// Where each list was scrolled to, so that going back to it (one-pane windows) lands where the
// reader left it. Positions live as long as the window: a relaunch starts at the top.
const positions = new Map<string, number>();

export function rememberScroll(key: string, top: number): void {
  if (key) positions.set(key, top);
}

export function recallScroll(key: string): number | undefined {
  return positions.get(key);
}
