import { screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Component } from 'svelte';
import { makeDay, makeHit, makeStatus, makeView, results, type backend as Backend } from './test/backend';

vi.mock('./api/transport', async () => (await import('./test/backend')).transportMock());

// Stores are module singletons: every test gets a fresh module graph, fake backend included.
// Svelte and the testing library are re-imported too, so that they share one runtime.
let App: Component;
let backend: typeof Backend;
let render: (c: Component) => unknown;
let cleanup: () => void;

const papers = [
  makeView({ id: 'p1', title: 'First paper' }),
  makeView({ id: 'p2', title: 'Second paper' }),
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
  localStorage.clear();
  history.replaceState(null, '', '/');
  backend.on('Papers.Day', (() => makeDay(papers)) as never);
  backend.on('Search.Query', ((q: string) =>
    results(
      papers.filter((p) => p.title.toLowerCase().includes(q.toLowerCase())).map((p) => makeHit(p)),
    )) as never);
});

afterEach(() => cleanup());

async function renderApp() {
  const user = userEvent.setup();
  render(App);
  await screen.findByText('First paper');
  return { user };
}

describe('App', () => {
  it('shows the day with counts', async () => {
    await renderApp();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Tue, 26 May 2026');
    expect(screen.getByText('3 papers · 2 unread')).toBeInTheDocument();
  });

  it('opens the palette on a search asked for before the page was listening', async () => {
    backend.on('Search.Pending', (() => ({ open: true, query: 'second' })) as never);
    render(App);
    const input = await screen.findByRole('combobox', { name: 'Search papers' });
    await waitFor(() => expect(input).toHaveValue('second'));
  });

  it('opens the palette with Ctrl+K, moves with arrows and opens with Enter', async () => {
    const { user } = await renderApp();
    await user.keyboard('{Control>}k{/Control}');
    const input = await screen.findByRole('combobox', { name: 'Search papers' });
    expect(input).toHaveFocus();
    await user.type(input, 'paper');
    const list = screen.getByRole('listbox');
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(4)); // 3 hits + HF entry
    expect(within(list).getAllByRole('option')[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowDown}');
    expect(within(list).getAllByRole('option')[1]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(within(list).getAllByRole('option')[3]).toHaveAttribute('aria-selected', 'true'); // wraps to HF entry
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    await waitFor(() => expect(window.location.hash).toBe('#/paper/p2'));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('opens the palette with / but not while typing, and Esc gives the focus back', async () => {
    const { user } = await renderApp();
    const sortButton = screen.getByRole('button', { name: 'Upvotes' });
    sortButton.focus();
    await user.keyboard('/');
    const input = await screen.findByRole('combobox', { name: 'Search papers' });
    await user.type(input, 'a/b');
    expect(input).toHaveValue('a/b');
    expect(screen.getAllByRole('combobox', { name: 'Search papers' })).toHaveLength(1);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(sortButton).toHaveFocus());
  });

  it('searches Hugging Face with Ctrl+Enter and says so when offline', async () => {
    backend.on('Search.Remote', (() => {
      // The backend learns it is offline, and says so in its status, as it does for every request.
      backend.emit('sync:status', makeStatus({ online: false }));
      throw { code: 'offline', message: 'Could not reach Hugging Face' };
    }) as never);
    const { user } = await renderApp();
    await user.keyboard('{Control>}k{/Control}');
    await user.type(await screen.findByRole('combobox', { name: 'Search papers' }), 'first');
    expect(await screen.findByText('Search Hugging Face for “first”')).toBeInTheDocument();
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByText("Offline — can't search Hugging Face")).toBeInTheDocument();
    expect(await screen.findByText('Offline — showing cached papers')).toBeInTheDocument();
  });

  it('moves through cards with j/k and saves with s', async () => {
    const { user } = await renderApp();
    await user.keyboard('jj');
    const cards = screen.getAllByRole('article');
    expect(cards[1]).toHaveFocus();
    await user.keyboard('s');
    await waitFor(() => expect(backend.called('Papers.SetSaved')).toEqual([['p2', true]]));
    await user.keyboard('k{Enter}');
    await waitFor(() => expect(window.location.hash).toBe('#/paper/p1'));
  });

  it('shows the offline banner only while the status says offline, and clears it without Retry', async () => {
    backend.on('Papers.Day', (() => {
      throw { code: 'offline', message: 'Could not reach Hugging Face' };
    }) as never);
    render(App);
    // A failed call alone is not "offline": the backend's status is the one source of truth.
    expect(await screen.findByText('Could not reach Hugging Face')).toBeInTheDocument();
    expect(screen.queryByText('Offline — showing cached papers')).toBeNull();
    backend.emit('sync:status', makeStatus({ online: false }));
    expect(await screen.findByText('Offline — showing cached papers')).toBeInTheDocument();
    // The next success (or the backend's probe) flips it back: the banner goes by itself.
    backend.emit('sync:status', makeStatus({ online: true }));
    await waitFor(() => expect(screen.queryByText('Offline — showing cached papers')).toBeNull());
    expect(backend.called('Sync.Start')).toEqual([]);
  });

  it('explains the first launch while offline', async () => {
    backend.on('Papers.Days', (() => []) as never);
    backend.on('Settings.Info', (() => ({ papers: 0 })) as never);
    backend.on('Papers.Day', (() => makeDay([], { date: '', prev: '', fetched: false })) as never);
    backend.on('Sync.Status', (() => makeStatus({ online: false })) as never);
    render(App);
    expect(
      await screen.findByRole('heading', { name: "Nothing cached yet, and Hugging Face can't be reached" }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No papers cached yet/)).toBeNull();
  });

  it('syncs on Ctrl+R and reloads the page when papers change', async () => {
    const { user } = await renderApp();
    await user.keyboard('{Control>}r{/Control}');
    expect(backend.called('Sync.Start')).toEqual([['', false]]);
    backend.on('Papers.Day', (() => makeDay([makeView({ id: 'p9', title: 'Fresh paper' })])) as never);
    backend.emit('papers:changed', { dates: ['2026-05-26'] });
    expect(await screen.findByText('Fresh paper')).toBeInTheDocument();
  });

  it('shows the key overlay with ?', async () => {
    const { user } = await renderApp();
    await user.keyboard('?');
    expect(await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
