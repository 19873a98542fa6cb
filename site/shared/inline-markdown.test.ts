import { describe, expect, it } from 'vitest';
import { escapeHtml, renderInlineMarkdown } from './inline-markdown.ts';

describe('renderInlineMarkdown', () => {
  it('renders code spans, bold, italic and links', () => {
    expect(renderInlineMarkdown('Run `kubectl get pods`, **then** *wait*; see [docs](https://kubernetes.io/docs/).')).toBe(
      'Run <code>kubectl get pods</code>, <strong>then</strong> <em>wait</em>; see <a href="https://kubernetes.io/docs/">docs</a>.',
    );
  });

  it('escapes HTML everywhere, inside code spans too', () => {
    expect(renderInlineMarkdown('<script>alert(1)</script> `<b>`')).toBe('&lt;script&gt;alert(1)&lt;/script&gt; <code>&lt;b&gt;</code>');
    expect(renderInlineMarkdown('[x](javascript:alert(1))')).toBe('[x](javascript:alert(1))');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });

  it('leaves emphasis markers inside code alone and joins wrapped lines', () => {
    expect(renderInlineMarkdown('`a*b*c`\nand **x**')).toBe('<code>a*b*c</code> and <strong>x</strong>');
  });

  it('makes paragraphs of blank-line separated text', () => {
    expect(renderInlineMarkdown('one\n\ntwo')).toBe('<p>one</p><p>two</p>');
  });
});
