// The baseline's page: it reports its first paint and, for every key typed into the field, the
// time from the keydown (event.timeStamp) to the frame that shows the echoed text, in the lines
// Paperboy's frontend logs (frontend/src/perf/keystrokes.ts); Escape reports and clears the field.
'use strict';
(function () {
  const log = (msg) => window.go.main.Hello.Log(msg);
  const queue = [];
  const ch = new MessageChannel();
  ch.port1.onmessage = () => queue.shift()();
  const afterFrame = (f) =>
    requestAnimationFrame(() => {
      queue.push(f);
      ch.port2.postMessage(null);
    });
  afterFrame(() => log('paperboy: first-render cards=0 ms=' + Math.round(performance.now())));

  const field = document.getElementById('field');
  const echo = document.getElementById('echo');
  let keys = [];
  let pending = -1;
  const medianGap = () => {
    const gaps = keys.slice(1).map((k, i) => k.at - keys[i].at).sort((a, b) => a - b);
    return gaps.length ? gaps[Math.floor(gaps.length / 2)] : 0;
  };
  field.focus();
  field.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      const ms = keys.filter((k) => k.painted > 0).map((k) => (k.painted - k.at).toFixed(1));
      const unpainted = keys.length - ms.length;
      for (let i = 0; i === 0 || i < ms.length; i += 60) {
        log(`paperboy: keystrokes n=${ms.length} stale=0 unpainted=${unpainted} gap=${medianGap().toFixed(1)} part=${i / 60} ms=${ms.slice(i, i + 60).join(',')}`);
      }
      keys = [];
      field.value = '';
      echo.textContent = '';
      return;
    }
    const now = performance.now();
    pending = e.timeStamp > 0 && e.timeStamp <= now + 1 ? e.timeStamp : now;
  });
  field.addEventListener('input', () => {
    if (pending < 0) return;
    const k = { at: pending, painted: 0 };
    pending = -1;
    keys.push(k);
    echo.textContent = field.value;
    afterFrame(() => (k.painted = performance.now()));
  });
})();
