import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backend, makeFullTextSettings, makeTopic } from '../../test/backend';
import { notice } from '../../stores/notice.svelte';
import { topics } from '../../stores/topics.svelte';
import FullTextSettings from './FullTextSettings.svelte';

vi.mock('../../api/transport', async () => (await import('../../test/backend')).transportMock());

beforeEach(async () => {
  backend.reset();
  notice.clear();
  backend.on('Topics.List', (() => [makeTopic({ id: 't1', name: 'diffusion' })]) as never);
  await topics.load();
});

afterEach(() => cleanup());

describe('Settings → Full text', () => {
  it('shows the space used against the cap', async () => {
    render(FullTextSettings);
    const used = await screen.findByTestId('fulltext-used');
    expect(used.textContent).toMatch(/12\.5 MB\s+of 500 MB used by 120 full texts/);
    expect(screen.getByRole('meter', { name: 'Space used by full texts' })).toHaveAttribute(
      'value',
      '12500000',
    );
    expect(screen.getByText(/2 MB of it is saved papers'/)).toBeInTheDocument();
  });

  it('sets the cap, and says what it takes', async () => {
    const user = userEvent.setup();
    render(FullTextSettings);
    const cap = await screen.findByLabelText('Keep at most');
    expect(cap).toHaveValue(500);
    await user.clear(cap);
    await user.type(cap, '120');
    await user.click(screen.getByRole('button', { name: 'Set' }));
    expect(backend.called('FullText.SetBudget')).toEqual([[120]]);
    await waitFor(() => expect(screen.getByTestId('fulltext-used').textContent).toContain('of 120 MB used'));
    expect(notice.text).toBe('Full texts may take up to 120 MB');
  });

  it('sets the rules: saved papers, a topic, upvotes', async () => {
    const user = userEvent.setup();
    render(FullTextSettings);
    await user.click(await screen.findByLabelText('Saved papers'));
    expect(backend.called('FullText.SetRules').at(-1)).toEqual([{ saved: false, topics: [], minUpvotes: 0 }]);
    await user.click(screen.getByLabelText('Papers of “diffusion”'));
    expect(backend.called('FullText.SetRules').at(-1)).toEqual([
      { saved: false, topics: ['t1'], minUpvotes: 0 },
    ]);
    await user.type(screen.getByLabelText('Papers with more than'), '50{Enter}');
    expect(backend.called('FullText.SetRules').at(-1)).toEqual([
      { saved: false, topics: ['t1'], minUpvotes: 50 },
    ]);
  });

  it('shows a run going on, with a Stop', async () => {
    const user = userEvent.setup();
    render(FullTextSettings);
    await screen.findByTestId('fulltext-used');
    backend.emit('fulltext:progress', {
      ...makeFullTextSettings().progress,
      running: true,
      done: 3,
      total: 10,
      message: 'Downloading the full text of 2605.00004 (4 of 10)',
    });
    await screen.findByText('Downloading the full text of 2605.00004 (4 of 10)');
    expect(screen.getByRole('progressbar', { name: 'Full-text downloads' })).toHaveAttribute(
      'aria-valuenow',
      '3',
    );
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    expect(backend.called('FullText.Cancel')).toHaveLength(1);
  });
});
