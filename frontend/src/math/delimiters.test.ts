import { describe, expect, it } from 'vitest';
import { hasMath, plainText, splitMath, type Piece } from './delimiters';

const text = (t: string): Piece => ({ kind: 'text', text: t });
const inline = (tex: string, source = `$${tex}$`): Piece => ({ kind: 'math', tex, display: false, source });

describe('splitMath (pandoc tex_math_dollars)', () => {
  const cases: { name: string; in: string; want: Piece[] }[] = [
    { name: 'plain', in: 'no math here', want: [text('no math here')] },
    {
      name: 'inline',
      in: 'cost $\\mathcal{O}(n)$ here',
      want: [text('cost '), inline('\\mathcal{O}(n)'), text(' here')],
    },
    { name: 'superscript in a word', in: 'A$^2$Search', want: [text('A'), inline('^2'), text('Search')] },
    {
      name: 'two formulas',
      in: '$CoT$-$Pass@K$.',
      want: [inline('CoT'), text('-'), inline('Pass@K'), text('.')],
    },
    {
      name: 'money, one dollar',
      in: 'Serving LLaMA-70B on $60 GPUs',
      want: [text('Serving LLaMA-70B on $60 GPUs')],
    },
    {
      name: 'money after the number',
      in: 'Fixing 7,400 Bugs for 1$: Cheap',
      want: [text('Fixing 7,400 Bugs for 1$: Cheap')],
    },
    { name: 'two prices', in: 'between $20,000 and $30,000', want: [text('between $20,000 and $30,000')] },
    { name: 'closer followed by a digit', in: 'from $5-$10 a day', want: [text('from $5-$10 a day')] },
    { name: 'space after the opener', in: 'a $ x$ b', want: [text('a $ x$ b')] },
    { name: 'space before the closer', in: 'a $x $ b', want: [text('a $x $ b')] },
    { name: 'escaped dollar is a dollar', in: '\\$OneMillion-Bench', want: [text('$OneMillion-Bench')] },
    { name: 'escaped inside math', in: '$a\\$b$', want: [inline('a\\$b')] },
    {
      name: 'failed opener leaves the next dollar free',
      in: 'pay $5 and get $x$',
      want: [text('pay $5 and get '), inline('x')],
    },
    { name: 'newline inside', in: '$a\n b$', want: [inline('a\n b')] },
    { name: 'blank line inside', in: '$a\n\nb$', want: [text('$a\n\nb$')] },
    {
      name: 'display',
      in: 'so $$x^2$$ holds',
      want: [text('so '), { kind: 'math', tex: 'x^2', display: true, source: '$$x^2$$' }, text(' holds')],
    },
    { name: 'empty display', in: '$$$$', want: [text('$$$$')] },
    { name: 'lone dollars', in: '$ $$ $', want: [text('$ $$ $')] },
    { name: 'dollar at the end', in: 'costs 5$', want: [text('costs 5$')] },
  ];
  for (const c of cases) {
    it(c.name, () => expect(splitMath(c.in)).toEqual(c.want));
  }

  it('does not let a stray dollar swallow a long text', () => {
    const s = `$x ${'word '.repeat(400)}y$`;
    expect(hasMath(s)).toBe(false);
  });

  it('plainText keeps the TeX source', () => {
    expect(plainText('A$^2$Search costs \\$5')).toBe('A$^2$Search costs $5');
  });
});
