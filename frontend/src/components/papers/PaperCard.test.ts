import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { makeView } from '../../test/backend';
import PaperCard from './PaperCard.svelte';

function renderCard(over: Parameters<typeof makeView>[0] = {}) {
  const onsave = vi.fn();
  const onread = vi.fn();
  const onopen = vi.fn();
  const r = render(PaperCard, { paper: makeView(over), index: 0, onsave, onread, onopen });
  return { ...r, onsave, onread, onopen };
}

describe('PaperCard', () => {
  const names = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'];
  const authorCases = [
    { name: 'one author', authors: names.slice(0, 1), count: 1, want: 'Ada Lovelace' },
    { name: 'several authors', authors: names, count: 8, want: 'Ada Lovelace, Alan Turing, Grace Hopper +5' },
    {
      name: 'hundreds of authors',
      authors: names,
      count: 533,
      want: 'Ada Lovelace, Alan Turing, Grace Hopper +530',
    },
    { name: 'no names', authors: [], count: 3, want: '3 authors' },
  ];
  for (const c of authorCases) {
    it(`names the first authors for ${c.name}`, () => {
      renderCard({ authors: c.authors, authorCount: c.count });
      expect(screen.getByText(c.want)).toBeInTheDocument();
    });
  }

  it('shows upvotes, comments, GitHub stars, organization and keywords', () => {
    const { container } = renderCard({
      upvotes: 1234,
      numComments: 7,
      githubStars: 2500,
      organization: 'Meta AI',
      aiKeywords: ['diffusion', 'video'],
    });
    expect(container.querySelector('.votes')?.textContent?.trim()).toBe('1.2k');
    expect(screen.getByTitle('7 comments')).toHaveTextContent('7');
    expect(screen.getByTitle('2,500 GitHub stars')).toHaveTextContent('2.5k');
    expect(screen.getByText('Meta AI')).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Keywords' })).toHaveTextContent('diffusion');
  });

  it('hides GitHub stars when unknown', () => {
    renderCard({ githubStars: 0 });
    expect(screen.queryByTitle(/GitHub star/)).toBeNull();
  });

  it('marks unread and saved papers', () => {
    const { container } = renderCard({ read: false, saved: true });
    expect(container.querySelector('article')).toHaveClass('unread');
    expect(screen.getByRole('button', { name: 'Save' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Read' })).toHaveAttribute('aria-pressed', 'false');
  });

  it('shows a read paper as read', () => {
    const { container } = renderCard({ read: true });
    expect(container.querySelector('article')).not.toHaveClass('unread');
  });

  it('renders hostile strings literally and injects no element', async () => {
    const hostile = {
      title: '<script>alert(1)</script>',
      abstract: '<img src=x onerror=alert(1)> and $\\mathcal{O}(n)$ & &amp;',
      organization: '<b>Org</b>',
      aiKeywords: ['<svg onload=alert(2)>'],
    };
    const { container } = renderCard(hostile);
    expect(screen.getByRole('heading')).toHaveTextContent('<script>alert(1)</script>');
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(container.textContent).toContain('&amp;');
    expect(screen.getByText('<b>Org</b>')).toBeInTheDocument();
    expect(screen.getByText('<svg onload=alert(2)>')).toBeInTheDocument();
    expect(container.querySelector('script, img, b, [onerror], [onload]')).toBeNull();
    // The TeX becomes a formula (KaTeX loads on first use), and still nothing else comes in.
    await waitFor(() => expect(container.querySelector('.math.rendered .katex')).not.toBeNull());
    expect(container.querySelector('script, img, b, a[href^="javascript"], [onerror], [onload]')).toBeNull();
  });

  it('links the title to the paper page by id only', () => {
    renderCard({ id: '2410.17243', title: 'T' });
    expect(screen.getByRole('link', { name: 'T' })).toHaveAttribute('href', '#/paper/2410.17243');
  });

  it('expands a long abstract and calls back for save and read', async () => {
    const user = userEvent.setup();
    const { onsave, onread } = renderCard({ abstract: 'word '.repeat(100) });
    const more = screen.getByRole('button', { name: 'Show more' });
    expect(more).toHaveAttribute('aria-expanded', 'false');
    await user.click(more);
    expect(screen.getByRole('button', { name: 'Show less' })).toHaveAttribute('aria-expanded', 'true');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await user.click(screen.getByRole('button', { name: 'Read' }));
    expect(onsave).toHaveBeenCalledTimes(1);
    expect(onread).toHaveBeenCalledTimes(1);
  });
});
