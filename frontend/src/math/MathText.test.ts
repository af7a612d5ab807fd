import { render, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import MathText from './MathText.svelte';

describe('MathText', () => {
  it('shows the source until KaTeX is there, then the formula', async () => {
    const { container } = render(MathText, { text: 'cost $\\mathcal{O}(n)$ here' });
    expect(container.textContent).toContain('cost ');
    await waitFor(() => expect(container.querySelector('.math.rendered .katex')).not.toBeNull());
    expect(container.querySelector('annotation')?.textContent).toBe('\\mathcal{O}(n)');
  });

  it('falls back to the plain source when KaTeX cannot parse it', async () => {
    const { container } = render(MathText, { text: 'broken $\\frac{1}{$ and $x^2$' });
    await waitFor(() => expect(container.querySelector('.math.rendered .katex')).not.toBeNull());
    const failed = container.querySelector('.math:not(.rendered)');
    expect(failed?.textContent).toBe('$\\frac{1}{$');
    expect(failed?.classList.contains('pending')).toBe(false);
  });

  it('trusts nothing: \\href and \\htmlClass give no link, no class, no script', async () => {
    const { container } = render(MathText, {
      text: 'a $\\href{javascript:alert(1)}{x}$ b $\\htmlClass{evil}{y}$ c $\\url{https://e.xample}$',
    });
    await waitFor(() => expect(container.querySelectorAll('.math.rendered').length).toBeGreaterThan(0));
    expect(container.querySelector('a, script, [href], .evil, [onerror]')).toBeNull();
  });

  it('leaves text without math as one text node', () => {
    const { container } = render(MathText, { text: 'Serving LLaMA-70B on $60 GPUs' });
    expect(container.querySelector('.math')).toBeNull();
    expect(container.textContent).toBe('Serving LLaMA-70B on $60 GPUs');
  });
});
