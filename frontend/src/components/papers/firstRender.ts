let reported = false;

/** reportFirstRender logs, once per launch, how long the first cards took to paint; the backend routes it to its log. */
export function reportFirstRender(cards: number): void {
  if (reported) return;
  reported = true;
  const paint = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (f: () => void) => f();
  paint(() => {
    console.info(`paperboy: first-render cards=${cards} ms=${Math.round(performance.now())}`);
  });
}

export function resetFirstRender(): void {
  reported = false;
}
