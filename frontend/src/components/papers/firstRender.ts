import { api } from '../../api';

let reported = false;

/**
 * reportFirstRender logs, once per launch, how long the first cards took to paint: to the console
 * and to the backend's log (the desktop app has no visible console).
 */
export function reportFirstRender(cards: number): void {
  if (reported) return;
  reported = true;
  const paint = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (f: () => void) => f();
  paint(() => {
    const msg = `paperboy: first-render cards=${cards} ms=${Math.round(performance.now())}`;
    console.info(msg);
    void api.log(msg);
  });
}

export function resetFirstRender(): void {
  reported = false;
}
