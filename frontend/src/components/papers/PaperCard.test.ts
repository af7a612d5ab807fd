import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { makeView } from '../../test/backend';
import PaperCard from './PaperCard.svelte';

function renderCard(over: Parameters<typeof makeView>[0] = {}) {
  const onsave = vi.fn();
  const onread = vi.fn();
  const r = render(PaperCard, { paper: makeView(over), index: 0, onsave, onread });
  return { ...r, onsave, onread };
}

describe('PaperCard', () => {
  const authorCases = [
    { name: 'one author', count: 1, want: '1 author' },
    { name: 'several authors', count: 8, want: '8 authors' },
    { name: 'hundreds of authors', count: 533, want: '533 authors' },
  ];
  for (const c of authorCases) {
    it(`says ${c.want} for ${c.name}`, () => {
      renderCard({ authorCount: c.count });
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

  it('renders hostile strings literally and injects no element', () => {
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
    // LaTeX stays text, in its own span
    expect(container.querySelector('.tex')?.textContent).toBe('$\\mathcal{O}(n)$');
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
