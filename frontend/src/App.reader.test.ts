// The morning loop through the whole app and the fake backend: the two-pane reader, grouped weeks,
// launch, the status line, the calendar, backfill, math, and keys that always say what they did.
import { screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Component } from 'svelte';
import { makeDay, makeHit, makeStatus, makeView, results, type backend as Backend } from './test/backend';

vi.mock('./api/transport', async () => (await import('./test/backend')).transportMock());

let App: Component;
let backend: typeof Backend;
let render: (c: Component) => unknown;
let cleanup: () => void;

const papers = [
  makeView({
    id: 'p1',
    title: 'First paper',
    authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper'],
    authorCount: 5,
    organization: 'Analytical Engines',
    githubRepo: 'https://github.com/a/b',
    aiKeywords: ['engines'],
  }),
  makeView({ id: 'p2', title: 'Second paper', abstract: 'Second abstract.' }),
  makeView({ id: 'p3', title: 'Third paper', read: true }),
];

beforeEach(async () => {
  vi.resetModules();
  backend = (await import('./test/backend')).backend;
  backend.reset();
  App = (await import('./App.svelte')).default;
  const tl = await import('@testing-library/svelte');
  render = tl.render as unknown as typeof render;
  cleanup = tl.cleanup;
  history.replaceState(null, '', '/');
  delete document.documentElement.dataset.theme;
  backend.on('Papers.Day', (() => makeDay(papers)) as never);
  backend.on('Papers.Paper', ((id: string) => ({
    paper: papers.find((p) => p.id === id) ?? makeView({ id, title: `Paper ${id}` }),
    links: [{ kind: 'arxiv', label: 'arXiv', url: `https://arxiv.org/abs/${id}` }],
    history: [],
    submittedBy: '',
  })) as never);
  backend.on('Search.Query', ((q: string) =>
    results(
      papers.filter((p) => p.title.toLowerCase().includes(q.toLowerCase())).map((p) => makeHit(p)),
      q.includes('upvotes>') ? { hint: 'Write upvotes:>50 for papers with more than 50 upvotes.' } : {},
    )) as never);
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

async function start(hash = '', wait = 'First paper') {
  if (hash) history.replaceState(null, '', hash);
  const user = userEvent.setup();
  render(App);
  await screen.findAllByText(wait);
  return { user };
}

const rows = () => screen.getAllByRole('article').filter((a) => a.matches('.row, .card'));
const pane = () => screen.getByRole('region', { name: 'Selected paper' });

describe('the two-pane reader', () => {
  beforeEach(() => {
    backend.ui = { ...backend.ui, layout: 'two-pane' };
  });

  it('shows compact rows with names, organisation and code, and j/k move the pane without navigating', async () => {
    const { user } = await start();
    const first = rows()[0] as HTMLElement;
    expect(within(first).getByText('Ada Lovelace, Alan Turing +3')).toBeInTheDocument();
    expect(within(first).getByText('Analytical Engines')).toBeInTheDocument();
    expect(within(first).getByText('Has code')).toBeInTheDocument();
    expect(within(pane()).getByText(/Press/)).toBeInTheDocument();

    await user.keyboard('j');
    expect(await within(pane()).findByRole('heading', { level: 2, name: 'First paper' })).toBeInTheDocument();
    await user.keyboard('j');
    expect(
      await within(pane()).findByRole('heading', { level: 2, name: 'Second paper' }),
    ).toBeInTheDocument();
    expect(rows()[1]).toHaveFocus();
    expect(window.location.hash).toBe('');
    // Shown is not read yet: a paper counts as read once it stayed on screen.
    expect(backend.called('Papers.SetRead')).toEqual([]);
    await user.keyboard('k');
    expect(await within(pane()).findByRole('heading', { level: 2, name: 'First paper' })).toBeInTheDocument();
  });

  it('marks the shown paper read after a moment, and at once with Enter', async () => {
    const { user } = await start();
    await user.keyboard('j');
    await within(pane()).findByRole('heading', { name: 'First paper' });
    await waitFor(() => expect(backend.called('Papers.SetRead')).toEqual([['p1', true]]), { timeout: 3000 });
    await user.keyboard('j{Enter}');
    await waitFor(() => expect(backend.called('Papers.SetRead')).toContainEqual(['p2', true]));
    expect(pane()).toHaveFocus();
  });

  it('searches for an author or a keyword on a click', async () => {
    const { user } = await start();
    await user.keyboard('j');
    await user.click(await within(pane()).findByRole('button', { name: 'Alan Turing' }));
    expect(await screen.findByRole('combobox', { name: 'Search papers' })).toHaveValue(
      'author:"Alan Turing"',
    );
    await user.keyboard('{Escape}');
    await user.click(within(pane()).getByRole('button', { name: 'engines' }));
    expect(await screen.findByRole('combobox', { name: 'Search papers' })).toHaveValue('engines');
  });

  it('makes links real anchors that open only through the backend, and says when that fails', async () => {
    backend.on('Papers.OpenLink', (() => {
      throw { code: 'internal', message: 'No browser was found.' };
    }) as never);
    const { user } = await start();
    await user.keyboard('j');
    const link = await within(pane()).findByRole('link', { name: 'arXiv' });
    expect(link).toHaveAttribute('href', 'https://arxiv.org/abs/p1');
    expect(link).toHaveAttribute('title', 'https://arxiv.org/abs/p1');
    await user.click(link);
    expect(backend.called('Papers.OpenLink')).toEqual([['p1', 'arxiv']]);
    expect(
      await screen.findByText("Couldn't open arXiv in your browser: No browser was found."),
    ).toBeInTheDocument();
    expect(window.location.hash).toBe(''); // the page did not follow the link
  });

  it('says what s and m did', async () => {
    const { user } = await start();
    await user.keyboard('js');
    expect(await screen.findByText('Saved', { selector: '.notice .text' })).toBeInTheDocument();
    await waitFor(() => expect(backend.called('Papers.SetSaved')).toEqual([['p1', true]]));
    await user.keyboard('m');
    expect(await screen.findByText('Marked read', { selector: '.notice .text' })).toBeInTheDocument();
  });

  it('takes Esc from a paper opened from the palette back to its results', async () => {
    const { user } = await start();
    await user.keyboard('/');
    const input = await screen.findByRole('combobox', { name: 'Search papers' });
    await user.type(input, 'second');
    await screen.findByRole('option', { name: /Second paper/ });
    await user.keyboard('{Enter}');
    await waitFor(() => expect(window.location.hash).toBe('#/paper/p2'));
    expect(await within(pane()).findByRole('heading', { name: 'Second paper' })).toBeInTheDocument();
    await new Promise((r) => setTimeout(r, 800)); // a pause: Esc is a key again, not typing
    await user.keyboard('{Escape}');
    const again = await screen.findByRole('combobox', { name: 'Search papers' });
    expect(again).toHaveValue('second');
    expect(screen.getByRole('option', { name: /Second paper/ })).toBeInTheDocument();
  });
});

describe('the palette', () => {
  it('counts the results, says how to write a filter, and keeps the query when reopened', async () => {
    backend.on('Search.Query', (() =>
      results([makeHit(papers[0] as never)], { total: 8572, hint: '' })) as never);
    const { user } = await start();
    await user.keyboard('/');
    const input = await screen.findByRole('combobox', { name: 'Search papers' });
    await user.type(input, 'llm');
    expect(await screen.findByText('showing 1 of 8,572')).toBeInTheDocument();
    const option = screen.getAllByRole('option')[0] as HTMLElement;
    expect(within(option).getByText('Daily 26 May')).toBeInTheDocument();
    expect(within(option).getByTitle('10 upvotes')).toHaveTextContent('10');
    await user.keyboard('{Escape}');
    await user.keyboard('{Control>}k{/Control}');
    expect(await screen.findByRole('combobox', { name: 'Search papers' })).toHaveValue('llm');
  });

  it('shows the hint for a malformed filter', async () => {
    const { user } = await start();
    await user.keyboard('/');
    await user.type(await screen.findByRole('combobox', { name: 'Search papers' }), 'upvotes>50');
    expect(
      await screen.findByText('Write upvotes:>50 for papers with more than 50 upvotes.'),
    ).toBeInTheDocument();
  });

  it('does not let letters typed after an accidental Esc fire keys', async () => {
    const { user } = await start();
    await user.keyboard('/');
    await user.type(await screen.findByRole('combobox', { name: 'Search papers' }), 'dif');
    await user.keyboard('{Escape}fusion');
    expect(window.location.hash).toBe(''); // f did not open For you
    expect(backend.called('Papers.SetSaved')).toEqual([]); // s did not save
    expect(await screen.findByText('Typing outside the search box — press / to search')).toBeInTheDocument();
  });
});

describe('launch and UI state', () => {
  it('lands on the newest day and takes the theme from the page, then from the library', async () => {
    document.documentElement.dataset.theme = 'dark';
    backend.ui = { ...backend.ui, theme: 'dark' };
    await start();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Tue, 26 May 2026');
    expect(backend.called('Papers.Day')[0]).toEqual(['', 'upvotes']);
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(screen.getByRole('button', { name: 'Dark' })).toBeInTheDocument();
  });

  it('opens the current week when a week was read last', async () => {
    backend.ui = { ...backend.ui, lastView: '#/week/2026-01-05' };
    backend.on('Papers.Range', ((from: string, to: string) => ({
      from,
      to,
      papers,
      groups: [{ date: '2026-05-26', papers }],
      count: 3,
      unread: 2,
    })) as never);
    await start();
    expect(window.location.hash).toMatch(/^#\/week\//);
    expect(window.location.hash).not.toBe('#/week/2026-01-05');
  });

  it('switches the theme with Shift+T (not t), stores it with the library and says so', async () => {
    const { user } = await start();
    await user.keyboard('t');
    expect(backend.called('Settings.SetUI')).toEqual([]);
    await user.keyboard('{Shift>}T{/Shift}');
    await waitFor(() => expect(backend.called('Settings.SetUI')).toEqual([['theme', 'light']]));
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(await screen.findByText('Theme: Light')).toBeInTheDocument();
    expect(localStorage.getItem('paperboy:theme')).toBeNull();
  });

  it('tells the backend a day was seen once it is shown', async () => {
    await start();
    await waitFor(() => expect(backend.called('Papers.MarkLooked')).toEqual([['2026-05-26']]));
  });

  it('shows a skeleton, not an empty library, until the first data arrives', async () => {
    let answer: (v: unknown) => void = () => {};
    const first = new Promise((r) => (answer = r));
    backend.on('Papers.Day', (() => first) as never);
    render(App);
    await waitFor(() => expect(document.querySelector('.skeleton')).not.toBeNull());
    expect(screen.queryByText(/library is empty/i)).toBeNull();
    answer(makeDay(papers));
    expect(await screen.findByText('First paper')).toBeInTheDocument();
    expect(document.querySelector('.skeleton')).toBeNull();
  });

  it('does not call a library empty when a search of Hugging Face cached papers', async () => {
    backend.on('Papers.Days', (() => []) as never);
    backend.on('Papers.Day', (() => makeDay([], { date: '', prev: '', fetched: false })) as never);
    backend.on('Settings.Info', (() => ({ papers: 20 })) as never);
    backend.on('Sync.Status', (() =>
      makeStatus({ lastSynced: '2026-05-26T09:00:00Z', lastResult: 'ok' })) as never);
    render(App);
    expect(await screen.findByRole('heading', { name: 'No days fetched yet' })).toBeInTheDocument();
    expect(
      screen.getByText(/20 papers found by searching Hugging Face are in your library/),
    ).toBeInTheDocument();
  });
});

describe('week and month', () => {
  const week = [
    {
      date: '2026-05-26',
      papers: [makeView({ id: 'a', title: 'A one' }), makeView({ id: 'b', title: 'B two' })],
    },
    {
      date: '2026-05-25',
      papers: [makeView({ id: 'b', title: 'B two' }), makeView({ id: 'c', title: 'C three' })],
    },
  ];
  beforeEach(() => {
    backend.on('Papers.Range', ((from: string, to: string) => ({
      from,
      to,
      papers: [week[0]?.papers[0], week[0]?.papers[1], week[1]?.papers[1]],
      groups: week,
      count: 3,
      unread: 3,
    })) as never);
  });

  it('groups by day under day headers, lists a two-day paper in both, and j walks the days in order', async () => {
    const { user } = await start('#/week/2026-05-25', 'A one');
    const heads = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent ?? '');
    expect(heads.some((h) => h.startsWith('Tue, 26 May 2026'))).toBe(true);
    expect(heads.some((h) => h.startsWith('Mon, 25 May 2026'))).toBe(true);
    expect(screen.getAllByText('B two')).toHaveLength(2);
    await user.keyboard('jjj');
    expect(rows()[2]).toHaveFocus();
    expect(within(rows()[2] as HTMLElement).getByText('B two')).toBeInTheDocument();
  });

  it('shows the top N per day and the rest on request', async () => {
    backend.ui = { ...backend.ui, topPerDay: 1 };
    const { user } = await start('#/week/2026-05-25', 'A one');
    expect(screen.queryByText('C three')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show all 2 papers of Mon, 25 May 2026' }));
    expect(await screen.findByText('C three')).toBeInTheDocument();
  });
});

describe('status', () => {
  it('never says "Last synced" after a failed sync; says why in a notice with Retry', async () => {
    await start();
    backend.emit('sync:status', makeStatus({ running: true, kind: 'recent', total: 8 }));
    expect(await screen.findByText('0 of 8 days')).toBeInTheDocument();
    backend.emit(
      'sync:status',
      makeStatus({
        lastResult: 'failed',
        error: { code: 'upstream', message: 'Hugging Face answered 500.' },
      }),
    );
    expect(await screen.findByText('Sync failed')).toBeInTheDocument();
    expect(screen.queryByText(/Last synced/)).toBeNull();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Sync failed: Hugging Face answered 500. No sync has succeeded yet.');
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(backend.called('Sync.Start')).toEqual([['', false]]);
  });

  it('says why a running sync waits, with a countdown', async () => {
    await start();
    const until = new Date(Date.now() + 12_000).toISOString();
    backend.emit(
      'sync:status',
      makeStatus({
        running: true,
        kind: 'recent',
        total: 8,
        waiting: { reason: 'rate_limit', message: '', until },
      }),
    );
    expect(
      await screen.findByText(/^Rate limited by Hugging Face — retrying in 1[12] s$/),
    ).toBeInTheDocument();
    backend.emit(
      'sync:status',
      makeStatus({
        running: true,
        kind: 'recent',
        total: 8,
        waiting: { reason: 'slow', message: '', until: '' },
      }),
    );
    expect(await screen.findByText('Waiting for huggingface.co…')).toBeInTheDocument();
  });

  it('says a stopped sync stopped, and offers to resume it', async () => {
    await start();
    backend.emit('sync:status', makeStatus({ running: true, kind: 'range', total: 30, done: 4 }));
    backend.emit('sync:status', makeStatus({ kind: 'range', total: 30, done: 4, lastResult: 'canceled' }));
    expect(await screen.findAllByText('Sync stopped at 4 of 30 days')).not.toHaveLength(0);
    expect(screen.getAllByRole('button', { name: 'Resume' }).length).toBeGreaterThan(0);
  });
});

describe('the calendar and backfill', () => {
  it('marks cached days and opens an uncached one, which is fetched', async () => {
    backend.on('Papers.Calendar', (() => ({
      first: '2023-05-04',
      today: '2026-05-26',
      days: [
        { date: '2026-05-26', count: 3, complete: true },
        { date: '2026-05-24', count: 0, complete: true },
      ],
    })) as never);
    backend.on('Papers.Day', ((date: string) =>
      date === '2026-05-12'
        ? makeDay([], { date, fetched: false, prev: '', nearest: '2026-05-26' })
        : makeDay(papers)) as never);
    const { user } = await start();
    await user.keyboard('c');
    const dialog = await screen.findByRole('dialog', { name: 'Go to a date' });
    expect(within(dialog).getByRole('button', { name: 'Tue, 26 May 2026: 3 papers' })).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Sun, 24 May 2026: no papers that day' }),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Wed, 27 May 2026: no Daily Papers' })).toBeDisabled();
    await user.click(within(dialog).getByRole('button', { name: 'Tue, 12 May 2026: not fetched' }));
    await waitFor(() => expect(window.location.hash).toBe('#/day/2026-05-12'));
    await waitFor(() => expect(backend.called('Sync.Start')).toEqual([['2026-05-12', false]]));
  });

  it('reaches any month from May 2023 by keyboard', async () => {
    const { user } = await start();
    await user.keyboard('c');
    const dialog = await screen.findByRole('dialog', { name: 'Go to a date' });
    await user.selectOptions(within(dialog).getByLabelText('Year'), '2023');
    await user.selectOptions(within(dialog).getByLabelText('Month'), '05');
    expect(within(dialog).getByRole('button', { name: 'Wed, 3 May 2023: no Daily Papers' })).toBeDisabled();
    const first = within(dialog).getByRole('button', { name: 'Thu, 4 May 2023: not fetched' });
    expect(first).not.toBeDisabled();
    first.focus();
    await user.keyboard('{ArrowRight}{Enter}');
    await waitFor(() => expect(window.location.hash).toBe('#/day/2023-05-05'));
  });

  it('backfills a preset range, shows days, papers and time left, and stops', async () => {
    const { user } = await start();
    await user.click(screen.getByRole('button', { name: 'Backfill' }));
    const dialog = await screen.findByRole('dialog', { name: 'Backfill' });
    await user.click(within(dialog).getByRole('button', { name: /^Last month/ }));
    const [call] = backend.called('Sync.Start');
    expect(call?.[0]).toMatch(/^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/);
    backend.emit(
      'sync:status',
      makeStatus({
        running: true,
        kind: 'range',
        scope: call?.[0] as string,
        total: 30,
        done: 12,
        papers: 240,
        etaSeconds: 95,
      }),
    );
    expect(
      await within(dialog).findByText('12 of 30 days · 240 papers · about 2 min left'),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('progressbar', { name: 'Backfill progress' })).toHaveAttribute(
      'aria-valuenow',
      '40',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Stop' }));
    expect(backend.called('Sync.Cancel')).toHaveLength(1);
    backend.emit(
      'sync:status',
      makeStatus({
        kind: 'range',
        scope: call?.[0] as string,
        total: 30,
        done: 12,
        papers: 240,
        lastResult: 'canceled',
      }),
    );
    await user.click(await within(dialog).findByRole('button', { name: 'Resume' }));
    expect(backend.called('Sync.Start')[1]).toEqual(call);
  });
});

describe('math', () => {
  it('renders TeX in a title with KaTeX and leaves money alone', async () => {
    backend.on('Papers.Day', (() =>
      makeDay([
        makeView({ id: 'm1', title: 'Sorting in $\\mathcal{O}(n \\log n)$ time' }),
        // Two real titles (one $ each): money, not math.
        makeView({
          id: 'm2',
          title: 'DumpsterCluster: From Dumpster Diving to Serving LLaMA-70B on $60 GPUs',
        }),
        makeView({ id: 'm3', title: 'Fixing 7,400 Bugs for 1$: Cheap Crash-Site Program Repair' }),
      ])) as never);
    render(App);
    await screen.findByText('Fixing 7,400 Bugs for 1$: Cheap Crash-Site Program Repair');
    await waitFor(() => expect(document.querySelector('[data-card="m1"] .katex')).not.toBeNull());
    expect(document.querySelector('[data-card="m2"] .math, [data-card="m3"] .math')).toBeNull();
    expect(document.querySelector('[data-card="m2"] .title')).toHaveTextContent('on $60 GPUs');
  });
});

describe('the system-wide search key', () => {
  it('opens the palette, and closes it again giving the focus back', async () => {
    await start();
    backend.emit('app:hotkey', {});
    expect(await screen.findByRole('dialog', { name: /search/i })).toBeInTheDocument();
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    backend.emit('app:hotkey', {});
    await waitFor(() => expect(screen.queryByRole('dialog', { name: /search/i })).not.toBeInTheDocument());
    expect(backend.called('Settings.DismissSearch')).toHaveLength(1);
  });

  it('is recorded from a key press in Settings, and a key another application holds is said', async () => {
    const { user } = await start('#/settings', 'Search key');
    backend.on('Settings.SetHotkey', ((accel: string, enabled: boolean) => {
      if (accel === 'Ctrl+Alt+T')
        throw { code: 'taken', message: 'that key is taken by another application' };
      return {
        accelerator: accel,
        enabled,
        backend: 'x11',
        status: `${accel} opens Paperboy's search from any application.`,
        error: null,
        startAtLogin: false,
        startAtLoginSupported: true,
      };
    }) as never);
    await user.click(await screen.findByRole('button', { name: /Change the search key, now Ctrl\+Alt\+P/ }));
    await user.keyboard('{Control>}{Alt>}k{/Alt}{/Control}');
    expect(backend.called('Settings.SetHotkey')[0]).toEqual(['Ctrl+Alt+K', true]);
    expect(
      await screen.findByText("Ctrl+Alt+K opens Paperboy's search from any application."),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /Change the search key/ }));
    await user.keyboard('{Control>}{Alt>}t{/Alt}{/Control}');
    expect(await screen.findByRole('alert')).toHaveTextContent('that key is taken by another application');
  });
});

describe('notices from the data directory', () => {
  it('says what was repaired at start, until dismissed', async () => {
    backend.on('Settings.Notices', (() => [
      {
        code: 'damaged',
        message: 'The paper cache was damaged and has been reset; your saved papers are kept.',
      },
    ]) as never);
    await start();
    expect(await screen.findByText(/The paper cache was damaged and has been reset/)).toBeInTheDocument();
  });
});
