// For you, topics, Rising, Settings, export/import and app:navigate, through the whole app and the fake backend.
import { screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Component } from 'svelte';
import { makeDay, makeHit, makeTopic, makeView, type backend as Backend } from './test/backend';

vi.mock('./api/transport', async () => (await import('./test/backend')).transportMock());

let App: Component;
let backend: typeof Backend;
let render: (c: Component) => unknown;
let cleanup: () => void;

const papers = [
  makeView({ id: 'p1', title: 'First paper', isNew: true }),
  makeView({ id: 'p2', title: 'Second paper' }),
];

beforeEach(async () => {
  vi.resetModules();
  backend = (await import('./test/backend')).backend;
  backend.reset();
  App = (await import('./App.svelte')).default;
  const tl = await import('@testing-library/svelte');
  render = tl.render as unknown as typeof render;
  cleanup = tl.cleanup;
  localStorage.clear();
  history.replaceState(null, '', '/');
  backend.on('Papers.Day', (() => makeDay(papers)) as never);
  backend.on('Search.Query', ((q: string) =>
    papers.filter((p) => p.title.toLowerCase().includes(q.toLowerCase())).map((p) => makeHit(p))) as never);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** card returns the i-th paper card. */
function card(i: number): HTMLElement {
  const el = screen.getAllByRole('article')[i];
  if (!el) throw new Error(`no card ${i}`);
  return el;
}

async function renderAt(hash: string, waitFor: string) {
  history.replaceState(null, '', hash);
  const user = userEvent.setup();
  render(App);
  await screen.findByText(waitFor);
  return { user };
}

describe('new since last look', () => {
  it('marks new cards with a readable New', async () => {
    await renderAt('#/', 'First paper');
    expect(within(card(0)).getByText('New')).toBeInTheDocument();
    expect(within(card(1)).queryByText('New')).toBeNull();
  });
});

describe('For you', () => {
  beforeEach(() => {
    let seen = false;
    backend.on('Topics.List', (() => [
      makeTopic({ id: 't1', name: 'diffusion', newCount: seen ? 0 : 1, total: 2 }),
      makeTopic({ id: 't2', name: 'agents', query: 'agents', total: 1 }),
    ]) as never);
    backend.on('Topics.ForYou', (() => ({
      items: [
        {
          paper: makeView({ id: 'f1', title: 'Fresh diffusion' }),
          topics: ['diffusion', 'agents'],
          isNew: !seen,
        },
        { paper: makeView({ id: 'f2', title: 'Older diffusion' }), topics: ['diffusion'], isNew: false },
      ],
      newCount: seen ? 0 : 1,
    })) as never);
    backend.on('Topics.MarkSeen', (() => {
      seen = true;
      return null;
    }) as never);
  });

  it('lists matches with their topics, marks new ones, and marks all seen', async () => {
    const { user } = await renderAt('#/foryou', 'Fresh diffusion');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('For you');
    expect(within(card(0)).getByText('New')).toBeInTheDocument();
    expect(within(card(0)).getByRole('list', { name: 'Matched topics' })).toHaveTextContent(
      'diffusionagents',
    );
    expect(within(card(1)).queryByText('New')).toBeNull();
    const nav = screen.getByRole('navigation', { name: 'Pages' });
    await waitFor(() => expect(within(nav).getByRole('link', { name: /For you/ })).toHaveTextContent('1'));
    expect(within(nav).getByRole('link', { name: /diffusion/ })).toHaveAttribute('href', '#/topic/t1');

    await user.click(screen.getByRole('button', { name: 'Mark all seen' }));
    await waitFor(() => expect(backend.called('Topics.MarkSeen')).toEqual([['']]));
    await waitFor(() => expect(within(card(0)).queryByText('New')).toBeNull());
    expect(screen.getByRole('button', { name: 'Mark all seen' })).toBeDisabled();
  });

  it('refreshes the badge when a sync brings new matches', async () => {
    await renderAt('#/', 'First paper');
    const before = backend.called('Topics.ForYou').length;
    backend.emit('topics:new', { topics: [{ id: 't1', name: 'diffusion', count: 3 }], total: 3 });
    await waitFor(() => expect(backend.called('Topics.ForYou').length).toBeGreaterThan(before));
    expect(await screen.findByText('3 new papers for your topics — press f')).toBeInTheDocument();
  });

  it('goes there with f and shows one topic’s feed', async () => {
    backend.on('Topics.Feed', ((id: string) => ({
      topic: makeTopic({ id, name: 'agents', query: 'agents' }),
      items: [{ paper: makeView({ id: 'a1', title: 'Agent paper' }), topics: ['agents'], isNew: true }],
    })) as never);
    const { user } = await renderAt('#/', 'First paper');
    await user.keyboard('f');
    expect(await screen.findByText('Fresh diffusion')).toBeInTheDocument();
    expect(window.location.hash).toBe('#/foryou');
    history.pushState(null, '', '#/topic/t2');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(await screen.findByText('Agent paper')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('agents');
    await user.click(screen.getByRole('button', { name: 'Mark seen' }));
    await waitFor(() => expect(backend.called('Topics.MarkSeen')).toEqual([['t2']]));
  });

  it('explains how to watch a topic when there is none', async () => {
    backend.on('Topics.List', (() => []) as never);
    backend.on('Topics.ForYou', (() => ({ items: [], newCount: 0 })) as never);
    await renderAt('#/foryou', 'No topics yet');
    expect(screen.getByRole('button', { name: /Search papers/ })).toBeInTheDocument();
  });
});

describe('watch a search', () => {
  it('creates a topic from the palette query with Ctrl+S and confirms it', async () => {
    backend.on('Topics.Create', ((name: string, query: string) =>
      makeTopic({ id: 't7', name, query })) as never);
    const { user } = await renderAt('#/', 'First paper');
    await user.keyboard('{Control>}k{/Control}');
    const input = await screen.findByRole('combobox', { name: 'Search papers' });
    await user.type(input, 'diffusion transformers');
    expect(screen.getByRole('button', { name: /Watch this search/ })).toBeInTheDocument();
    backend.on('Topics.List', (() => [
      makeTopic({ id: 't7', name: 'diffusion transformers', query: 'diffusion transformers' }),
    ]) as never);
    await user.keyboard('{Control>}s{/Control}');
    await waitFor(() =>
      expect(backend.called('Topics.Create')).toEqual([['diffusion transformers', 'diffusion transformers']]),
    );
    expect(
      await screen.findByText('Watching “diffusion transformers” — new matches will appear in For you'),
    ).toBeInTheDocument();
    expect(await screen.findByText('Watching “diffusion transformers” in For you')).toBeInTheDocument();
    expect(input).toHaveFocus(); // the palette stays open
    await user.keyboard('{Control>}s{/Control}');
    expect(backend.called('Topics.Create')).toHaveLength(1); // already watched
  });

  it('shows why a topic could not be created', async () => {
    backend.on('Topics.Create', (() => {
      throw { code: 'invalid', message: 'That query is not valid.' };
    }) as never);
    const { user } = await renderAt('#/', 'First paper');
    await user.keyboard('{Control>}k{/Control}');
    await user.type(await screen.findByRole('combobox', { name: 'Search papers' }), 'x');
    await user.click(screen.getByRole('button', { name: /Watch this search/ }));
    expect(await screen.findByText('That query is not valid.')).toBeInTheDocument();
  });
});

describe('Rising', () => {
  it('shows the gain and a sparkline per paper, and switches windows with w', async () => {
    backend.on('Papers.Rising', ((win: string) => [
      {
        paper: makeView({ id: 'r1', title: 'Rocket paper' }),
        gain: win === 'week' ? 120 : 42,
        history: [
          { at: '2026-05-25T00:00:00Z', upvotes: 10, githubStars: 0 },
          { at: '2026-05-26T00:00:00Z', upvotes: 52, githubStars: 0 },
        ],
      },
    ]) as never);
    const { user } = await renderAt('#/rising', 'Rocket paper');
    expect(screen.getByText('+42 today')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Upvotes over time: from 10 to 52' })).toBeInTheDocument();
    expect(backend.called('Papers.Rising')).toEqual([['day', 50]]);
    await user.keyboard('w');
    expect(await screen.findByText('+120 this week')).toBeInTheDocument();
    expect(window.location.hash).toBe('#/rising/week');
  });
});

describe('Settings', () => {
  it('shows the library and asks before clearing the cache', async () => {
    backend.on('Settings.ClearCache', (() => null) as never);
    const { user } = await renderAt('#/settings', '/home/ada/.local/share/paperboy');
    expect(screen.getByText('11.8 MB')).toBeInTheDocument();
    expect(screen.getByText('321 papers from 14 days')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /Clear cache…/ }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog).toHaveTextContent('Your saved papers, read marks, topics and settings are kept.');
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    expect(backend.called('Settings.ClearCache')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(backend.called('Settings.ClearCache')).toEqual([]);
    await user.click(screen.getByRole('button', { name: /Clear cache…/ }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Clear cache' }));
    await waitFor(() => expect(backend.called('Settings.ClearCache')).toEqual([[]]));
    expect(await screen.findByText(/Cache cleared/)).toBeInTheDocument();
  });

  it('sets the sync interval and a token it never shows', async () => {
    backend.on('Settings.SetSyncInterval', (() => null) as never);
    backend.on('Settings.SetToken', (() => null) as never);
    const { user } = await renderAt('#/settings', '/home/ada/.local/share/paperboy');
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Sync automatically' }),
      'Every 15 minutes',
    );
    expect(backend.called('Settings.SetSyncInterval')).toEqual([[15]]);
    const field = screen.getByLabelText('Hugging Face token', { selector: 'input' });
    expect(field).toHaveAttribute('type', 'password');
    expect(screen.getByRole('button', { name: 'Clear' })).toBeDisabled(); // no token yet
    await user.type(field, 'hf_secret{Enter}');
    await waitFor(() => expect(backend.called('Settings.SetToken')).toEqual([['hf_secret']]));
    await waitFor(() => expect(field).toHaveValue(''));
  });

  it('opens with , and edits, deletes and adds topics', async () => {
    backend.on('Topics.List', (() => [
      makeTopic({ id: 't1', name: 'diffusion', query: 'diffusion', total: 4 }),
    ]) as never);
    backend.on('Topics.Update', ((id: string, name: string, query: string) =>
      makeTopic({ id, name, query })) as never);
    backend.on('Topics.Delete', (() => null) as never);
    backend.on('Topics.Create', ((name: string, query: string) =>
      makeTopic({ id: 't2', name, query })) as never);
    const { user } = await renderAt('#/', 'First paper');
    await user.keyboard(',');
    const row = await screen.findByRole('form', { name: 'Topic diffusion' });
    const name = within(row).getByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.type(name, 'Diffusion models{Enter}');
    await waitFor(() =>
      expect(backend.called('Topics.Update')).toEqual([['t1', 'Diffusion models', 'diffusion']]),
    );
    await user.click(within(row).getByRole('button', { name: 'Delete diffusion' }));
    await waitFor(() => expect(backend.called('Topics.Delete')).toEqual([['t1']]));
    const add = screen.getByRole('form', { name: 'New topic' });
    await user.type(within(add).getByRole('textbox', { name: 'Search query' }), 'author:hinton{Enter}');
    await waitFor(() =>
      expect(backend.called('Topics.Create')).toEqual([['author:hinton', 'author:hinton']]),
    );
  });

  it('imports a JSON library and reports the counts', async () => {
    backend.on('Library.Import', (() => ({ papers: 3, states: 2, topics: 1, settings: 0 })) as never);
    const { user } = await renderAt('#/settings', '/home/ada/.local/share/paperboy');
    const file = new File(['{"papers":[]}'], 'lib.json', { type: 'application/json' });
    await user.upload(screen.getByLabelText(/Import JSON/), file);
    expect(
      await screen.findByText('Imported 3 papers, 2 read/saved marks, 1 topic and 0 settings'),
    ).toBeInTheDocument();
    expect(backend.called('Library.Import')).toEqual([['{"papers":[]}']]);
  });
});

describe('export menu', () => {
  function stubDownload(): { download: string }[] {
    const clicked: { download: string }[] = [];
    vi.stubGlobal(
      'URL',
      Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }),
    );
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download });
    });
    return clicked;
  }

  it('downloads the saved papers as BibTeX in a browser', async () => {
    backend.on('Papers.Saved', (() => [makeView({ id: 's1', title: 'Kept paper', saved: true })]) as never);
    backend.on('Library.Export', (() => '@misc{s1}') as never);
    const clicked = stubDownload();
    const { user } = await renderAt('#/saved', 'Kept paper');
    await user.keyboard('e');
    const menu = await screen.findByRole('menu', { name: 'Export' });
    expect(within(menu).getAllByRole('menuitem')[0]).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(clicked).toEqual([{ download: 'paperboy-saved.bib' }]));
    expect(backend.called('Library.Export')).toEqual([['bibtex', 'saved']]);
    expect(await screen.findByText('Downloaded paperboy-saved.bib')).toBeInTheDocument();
  });

  it('saves the day through the native dialog in the desktop app', async () => {
    backend.mode = 'wails';
    backend.on(
      'Library.SaveExport',
      ((format: string, scope: string) => `/home/ada/${format}-${scope}.md`) as never,
    );
    const clicked = stubDownload();
    const { user } = await renderAt('#/day/2026-05-26', 'First paper');
    await user.click(screen.getByRole('button', { name: /Export/ }));
    await user.click(screen.getByRole('menuitem', { name: /Markdown/ }));
    await waitFor(() =>
      expect(backend.called('Library.SaveExport')).toEqual([['markdown', 'date:2026-05-26']]),
    );
    expect(await screen.findByText('Saved to /home/ada/markdown-date:2026-05-26.md')).toBeInTheDocument();
    expect(backend.called('Library.Export')).toEqual([]);
    expect(clicked).toEqual([]);
  });

  it('exports the whole library as JSON and closes with Esc', async () => {
    backend.on('Library.Export', (() => '{}') as never);
    const clicked = stubDownload();
    const { user } = await renderAt('#/day/2026-05-26', 'First paper');
    const button = screen.getByRole('button', { name: /Export/ });
    await user.click(button);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(button).toHaveFocus();
    expect(window.location.hash).toBe('#/day/2026-05-26'); // Esc did not also go back
    await user.click(button);
    await user.click(screen.getByRole('menuitem', { name: /JSON/ }));
    await waitFor(() => expect(clicked).toEqual([{ download: 'paperboy-library.json' }]));
    expect(backend.called('Library.Export')).toEqual([['json', 'all']]);
  });
});

describe('app:navigate', () => {
  it('goes to in-app routes only', async () => {
    await renderAt('#/', 'First paper');
    backend.emit('app:navigate', { route: 'https://evil.example/' });
    backend.emit('app:navigate', { route: 'javascript:alert(1)' });
    backend.emit('app:navigate', null);
    backend.emit('app:navigate', { route: 42 });
    expect(window.location.hash).toBe('#/');
    expect(window.location.pathname).toBe('/');
    expect(window.location.origin).toBe('http://localhost:3000');
    backend.emit('app:navigate', { route: '#/foryou' });
    await waitFor(() => expect(window.location.hash).toBe('#/foryou'));
    expect(await screen.findByText('No topics yet')).toBeInTheDocument();
  });

  it('closes the palette to show the page', async () => {
    const { user } = await renderAt('#/', 'First paper');
    await user.keyboard('{Control>}k{/Control}');
    await screen.findByRole('dialog');
    backend.emit('app:navigate', { route: '#/rising/week' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(window.location.hash).toBe('#/rising/week');
  });
});
