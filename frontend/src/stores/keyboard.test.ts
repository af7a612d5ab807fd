import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  handleKey,
  isTyping,
  keyboard,
  KEYMAP,
  resetTyping,
  TYPING_MS,
  type AppKeys,
  type ViewKeys,
} from './keyboard.svelte';

function setup() {
  const app: AppKeys = {
    search: vi.fn(),
    latest: vi.fn(),
    refresh: vi.fn(),
    theme: vi.fn(),
    help: vi.fn(),
    forYou: vi.fn(),
    rising: vi.fn(),
    settings: vi.fn(),
    sidebar: vi.fn(),
    calendar: vi.fn(),
    typedAway: vi.fn(),
  };
  const view: ViewKeys = {
    next: vi.fn(),
    prev: vi.fn(),
    open: vi.fn(),
    save: vi.fn(),
    read: vi.fn(),
    exportMenu: vi.fn(),
    seen: vi.fn(),
    toggle: vi.fn(),
    nextSection: vi.fn(),
    prevSection: vi.fn(),
    download: vi.fn(),
  };
  return { app, view };
}

function key(k: string, init: KeyboardEventInit = {}, target: EventTarget = document.body): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init });
  Object.defineProperty(e, 'target', { value: target });
  return e;
}

describe('handleKey', () => {
  beforeEach(() => resetTyping());

  const cases: {
    name: string;
    key: string;
    init?: KeyboardEventInit;
    want: (a: AppKeys, v: ViewKeys) => unknown;
  }[] = [
    { name: 'j moves down', key: 'j', want: (_a, v) => v.next },
    { name: 'k moves up', key: 'k', want: (_a, v) => v.prev },
    { name: 'o opens', key: 'o', want: (_a, v) => v.open },
    { name: 's saves', key: 's', want: (_a, v) => v.save },
    { name: 'm toggles read', key: 'm', want: (_a, v) => v.read },
    { name: 'g goes to the latest day', key: 'g', want: (a) => a.latest },
    { name: 'n goes to the next section', key: 'n', want: (_a, v) => v.nextSection },
    { name: 'p goes to the previous section', key: 'p', want: (_a, v) => v.prevSection },
    { name: 'd downloads the full text', key: 'd', want: (_a, v) => v.download },
    { name: 'Shift+T cycles the theme', key: 'T', init: { shiftKey: true }, want: (a) => a.theme },
    { name: 'c opens the calendar', key: 'c', want: (a) => a.calendar },
    { name: '? shows the keys', key: '?', want: (a) => a.help },
    { name: '/ searches', key: '/', want: (a) => a.search },
    { name: 'Ctrl+K searches', key: 'k', init: { ctrlKey: true }, want: (a) => a.search },
    { name: 'Cmd+K searches', key: 'k', init: { metaKey: true }, want: (a) => a.search },
    { name: 'Ctrl+R syncs', key: 'r', init: { ctrlKey: true }, want: (a) => a.refresh },
    { name: 'f goes to For you', key: 'f', want: (a) => a.forYou },
    { name: 'r goes to Rising', key: 'r', want: (a) => a.rising },
    { name: ', opens the settings', key: ',', want: (a) => a.settings },
    { name: '\\ toggles the sidebar', key: '\\', want: (a) => a.sidebar },
    { name: 'e opens the export menu', key: 'e', want: (_a, v) => v.exportMenu },
    { name: 'Shift+A marks all seen', key: 'A', init: { shiftKey: true }, want: (_a, v) => v.seen },
    { name: 'w switches the window', key: 'w', want: (_a, v) => v.toggle },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { app, view } = setup();
      expect(handleKey(key(c.key, c.init), app, view, false)).toBe(true);
      expect(c.want(app, view)).toHaveBeenCalledTimes(1);
    });
  }

  it('leaves keys typed into a field alone, but still catches Ctrl+R', () => {
    const { app, view } = setup();
    const input = document.createElement('input');
    for (const k of ['j', 's', '/', '?', 'g', 'f', 'r', ',', 'e', 'A', 'w', '\\'])
      expect(handleKey(key(k, {}, input), app, view, false)).toBe(false);
    expect(view.next).not.toHaveBeenCalled();
    expect(app.search).not.toHaveBeenCalled();
    expect(app.forYou).not.toHaveBeenCalled();
    expect(app.settings).not.toHaveBeenCalled();
    expect(view.exportMenu).not.toHaveBeenCalled();
    expect(view.seen).not.toHaveBeenCalled();
    expect(handleKey(key('r', { ctrlKey: true }, input), app, view, false)).toBe(true);
  });

  it('does nothing under a modal but Ctrl+K and Ctrl+R', () => {
    const { app, view } = setup();
    expect(handleKey(key('j'), app, view, true)).toBe(false);
    expect(handleKey(key('k', { ctrlKey: true }), app, view, true)).toBe(true);
  });

  it('says a page key does nothing on a page that has no such action', () => {
    const { app } = setup();
    app.unbound = vi.fn();
    expect(handleKey(key('e'), app, {}, false)).toBe(true);
    expect(handleKey(key('A', { shiftKey: true }), app, {}, false)).toBe(true);
    expect(app.unbound).toHaveBeenCalledWith('e');
    expect(app.unbound).toHaveBeenCalledWith('A');
    expect(handleKey(key('n'), app, {}, false)).toBe(true); // no full text on screen
    expect(app.unbound).toHaveBeenCalledWith('n');
    expect(handleKey(key('x'), app, {}, false)).toBe(false); // not a key of ours: left alone
  });

  it('puts the reader’s keys over the pane’s, and the pane’s j and k stay', () => {
    const pane = { next: vi.fn(), save: vi.fn() };
    const text = { nextSection: vi.fn() };
    const offPane = keyboard.register(pane, 'pane');
    const offText = keyboard.register(text, 'reader');
    expect(keyboard.view.next).toBe(pane.next);
    expect(keyboard.view.nextSection).toBe(text.nextSection);
    offText();
    expect(keyboard.view.nextSection).toBeUndefined();
    expect(keyboard.view.next).toBe(pane.next);
    offPane();
  });

  it('lists every new action in the ? overlay', () => {
    const labels = KEYMAP.flatMap((k) => k.keys);
    for (const k of [
      'f',
      'r',
      ',',
      '\\',
      'e',
      'Shift A',
      'w',
      'Ctrl S',
      'Shift T',
      'c',
      'Shift Enter',
      'n',
      'p',
      'd',
    ])
      expect(labels).toContain(k);
  });

  it('leaves t alone: the theme is not a single letter', () => {
    const { app, view } = setup();
    expect(handleKey(key('t'), app, view, false)).toBe(false);
    expect(app.theme).not.toHaveBeenCalled();
  });

  it('ignores letters that go on a word typed into a field (an Esc out of the search box)', () => {
    const { app, view } = setup();
    const input = document.createElement('input');
    let t = 10_000;
    expect(handleKey(key('d', {}, input), app, view, false, t)).toBe(false);
    expect(handleKey(key('i', {}, input), app, view, false, (t += 120))).toBe(false);
    // Esc closed the field; the word goes on outside it.
    for (const k of ['f', 'f', 'u', 's', 'i', 'o', 'n']) {
      expect(handleKey(key(k), app, view, false, (t += 150)), k).toBe(['f', 's', 'o', 'n'].includes(k));
    }
    expect(view.nextSection).not.toHaveBeenCalled();
    expect(app.forYou).not.toHaveBeenCalled();
    expect(view.save).not.toHaveBeenCalled();
    expect(view.open).not.toHaveBeenCalled();
    expect(app.typedAway).toHaveBeenCalled();
    // After a pause, keys are keys again.
    expect(handleKey(key('j'), app, view, false, t + TYPING_MS + 1)).toBe(true);
    expect(view.next).toHaveBeenCalledTimes(1);
  });

  it('lets Enter on a button press the button', () => {
    const { app, view } = setup();
    const button = document.createElement('button');
    expect(handleKey(key('Enter', {}, button), app, view, false)).toBe(false);
    expect(view.open).not.toHaveBeenCalled();
  });
});

describe('isTyping', () => {
  const cases: { name: string; el: () => EventTarget | null; want: boolean }[] = [
    { name: 'text input', el: () => document.createElement('input'), want: true },
    { name: 'textarea', el: () => document.createElement('textarea'), want: true },
    { name: 'select', el: () => document.createElement('select'), want: true },
    {
      name: 'checkbox',
      el: () => Object.assign(document.createElement('input'), { type: 'checkbox' }),
      want: false,
    },
    { name: 'button', el: () => document.createElement('button'), want: false },
    { name: 'nothing', el: () => null, want: false },
  ];
  for (const c of cases) {
    it(c.name, () => expect(isTyping(c.el())).toBe(c.want));
  }
});
