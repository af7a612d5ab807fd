// The full text in the paper pane, against the fake backend: each state says what it is and what
// can be done; a cached text renders (safely) with an outline; the events move it along.
import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backend, makeFullText } from '../../test/backend';
import { openInBrowser } from '../../api/transport';
import { notice } from '../../stores/notice.svelte';
import { reader } from '../../stores/fulltext.svelte';
import { keyboard } from '../../stores/keyboard.svelte';
import FullText from './FullText.svelte';

vi.mock('../../api/transport', async () => (await import('../../test/backend')).transportMock());

const TEXT = `# A Paper

Ada Lovelace

## Abstract

We study $\\mathcal{O}(n)$ things.

## 1 Introduction

Some text with a [link](https://arxiv.org/abs/1706.03762) and [a bad one](javascript:alert(1)).

![Figure 1: a plot](https://arxiv.org/html/x1.png)

## 2 Method

$$
E = mc^2
$$

| a | b |
|---|--:|
| 1 | 2 |

<script>window.__pwned = 1</script>
<img src=x onerror="window.__pwned = 2">
`;

beforeEach(() => {
  backend.reset();
  reader.clear();
  notice.clear();
});

afterEach(() => cleanup());

async function ready(id = 'p1'): Promise<HTMLElement> {
  backend.on('FullText.Get', ((got: string) =>
    makeFullText({
      id: got,
      state: 'ready',
      markdown: TEXT,
      size: TEXT.length,
      fetchedAt: '2026-05-26T10:00:00Z',
    })) as never);
  const { container } = render(FullText, { id, level: 3, restore: true });
  await waitFor(() => expect(container.querySelector('.reader[data-rendered="all"]')).not.toBeNull());
  return container;
}

describe('FullText', () => {
  it('offers to download a text that is not here, and shows it once it lands', async () => {
    const user = userEvent.setup();
    const { container } = render(FullText, { id: 'p1', level: 3 });
    const button = await screen.findByRole('button', { name: /Download full text/ });
    await user.click(button);
    expect(backend.called('FullText.Download')).toEqual([['p1']]);
    await screen.findByText(/Waiting to download the full text/);

    backend.emit('fulltext:changed', { id: 'p1', state: 'fetching', message: 'Downloading the full text…' });
    await screen.findByText('Downloading the full text…');
    // another paper's news is not this one's
    backend.emit('fulltext:changed', { id: 'p2', state: 'ready', message: '' });
    expect(backend.called('FullText.Get')).toHaveLength(1);

    backend.on('FullText.Get', ((id: string) =>
      makeFullText({ id, state: 'ready', markdown: TEXT, size: 600 })) as never);
    backend.emit('fulltext:changed', { id: 'p1', state: 'ready', message: '' });
    await waitFor(() => expect(container.querySelector('.reader[data-rendered="all"]')).not.toBeNull());
    expect(container.querySelector('.md h4')?.textContent).toBe('A Paper');
  });

  it('renders the text safely: math, tables, links only https, images as their alt text', async () => {
    const container = await ready();
    const md = container.querySelector('.md') as HTMLElement;
    await waitFor(() => expect(md.querySelector('.katex')).not.toBeNull());
    expect(md.querySelector('.math.block .katex-display')).not.toBeNull();
    expect(md.querySelector('td.al-right')?.textContent).toBe('2');
    expect(md.querySelector('script, img, iframe, [onerror]')).toBeNull();
    expect(md.textContent).toContain('<script>window.__pwned = 1</script>');
    expect([...md.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'https://arxiv.org/abs/1706.03762',
      'https://arxiv.org/html/x1.png',
    ]);
    expect(md.querySelector('.nolink')?.textContent).toBe('a bad one');
    expect(md.querySelector('.img-alt')?.textContent).toBe('Figure 1: a plot');
    // headings go on below the "Full text" heading (h3 here)
    expect([...md.querySelectorAll('.md-h')].map((h) => h.tagName)).toEqual(['H4', 'H5', 'H5', 'H5']);
  });

  it('has an outline to jump by, and n and p while it is on screen', async () => {
    const user = userEvent.setup();
    const container = await ready();
    await user.click(screen.getByRole('button', { name: /^Contents/ }));
    const nav = screen.getByRole('navigation', { name: 'Contents' });
    expect(
      within(nav)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['A Paper', 'Abstract', '1 Introduction', '2 Method']);
    await user.click(within(nav).getByRole('button', { name: '2 Method' }));
    expect(screen.queryByRole('navigation', { name: 'Contents' })).toBeNull();
    await waitFor(() => expect(document.activeElement?.textContent).toBe('2 Method'));
    expect(container.querySelector('.bar .now')?.textContent).toBe('2 Method');
    expect(typeof keyboard.view.nextSection).toBe('function');
    expect(typeof keyboard.view.download).toBe('function');
  });

  it('opens a link through the app: a browser tab here; where the desktop can’t yet, it copies it', async () => {
    const user = userEvent.setup();
    const container = await ready();
    const link = container.querySelector<HTMLAnchorElement>('.md a.ext');
    await user.click(link as HTMLAnchorElement);
    expect(openInBrowser).toHaveBeenCalledWith('https://arxiv.org/abs/1706.03762');

    backend.mode = 'wails';
    await user.click(link as HTMLAnchorElement);
    expect(backend.called('FullText.OpenLink')).toEqual([['p1', 'https://arxiv.org/abs/1706.03762']]);
    await waitFor(() => expect(notice.text).toContain('https://arxiv.org/abs/1706.03762'));
  });

  it('offers to go back to where the reader was, when it was only selected', async () => {
    backend.on('FullText.Get', ((id: string) =>
      makeFullText({ id, state: 'ready', markdown: TEXT, size: 600 })) as never);
    backend.on('FullText.Position', (() => ({ anchor: '2 Method', fraction: 0.6, updatedAt: '' })) as never);
    render(FullText, { id: 'p1', level: 3 });
    const resume = await screen.findByRole('button', { name: /Continue at/ });
    expect(resume.textContent).toContain('2 Method');
    expect(resume.textContent).toContain('60%');
  });

  it('says when Hugging Face has none, and when it is asked again', async () => {
    backend.on('FullText.Get', ((id: string) =>
      makeFullText({
        id,
        state: 'missing',
        message: 'no full text on Hugging Face for p1',
        error: { code: 'not_found', message: 'no full text on Hugging Face for p1' },
        retryAt: '2099-01-08T10:00:00Z',
      })) as never);
    render(FullText, { id: 'p1', level: 3 });
    await screen.findByText(/Hugging Face has no full text for this paper yet/);
    expect(screen.getByText(/asks again on .*8 Jan 2099/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Ask now/ })).toBeInTheDocument();
  });

  it('shows a failure with its message and when it is tried again', async () => {
    backend.on('FullText.Get', ((id: string) =>
      makeFullText({
        id,
        state: 'error',
        message: 'Hugging Face answered 500',
        error: { code: 'upstream', message: 'Hugging Face answered 500' },
        retryAt: new Date(Date.now() + 40 * 60_000).toISOString(),
      })) as never);
    render(FullText, { id: 'p1', level: 3 });
    await screen.findByText(/couldn't be downloaded: Hugging Face answered 500/);
    expect(screen.getByText(/tries again in 40 min/)).toBeInTheDocument();
  });

  it('says why a download did not start (offline)', async () => {
    const user = userEvent.setup();
    render(FullText, { id: 'p1', level: 3 });
    await user.click(await screen.findByRole('button', { name: /Download full text/ }));
    backend.emit('fulltext:changed', { id: 'p1', state: 'none', message: "Hugging Face can't be reached." });
    await screen.findByText("Hugging Face can't be reached.");
  });
});

describe('FullText from a search hit', () => {
  it('opens at the section the hit matched in (reader.goTo), before the reading position', async () => {
    backend.on('FullText.Get', ((id: string) =>
      makeFullText({ id, state: 'ready', markdown: TEXT, size: 600 })) as never);
    backend.on('FullText.Position', (() => ({ anchor: 'Abstract', fraction: 0.1, updatedAt: '' })) as never);
    reader.goTo('p1', '2 method');
    const { container } = render(FullText, { id: 'p1', level: 3, restore: true });
    await waitFor(() => expect(container.querySelector('.bar .now')?.textContent).toBe('2 Method'));
    // once: the next opening goes back to the reading position
    expect(reader.sectionFor('p1')).toBe('');
  });
});
