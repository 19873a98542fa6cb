const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c]!);
}

/** Emphasis and links inside text that is already escaped and has no code spans. */
function inline(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w*])\*(?!\s)(.+?)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+|\/[^\s)]*)\)/g, '<a href="$2">$1</a>');
}

/**
 * The small Markdown subset lab.yaml uses in task descriptions and hints:
 * `code`, **bold**, *italic*, [links](https://…) and blank-line paragraphs.
 * Everything is escaped first, so the result is safe to put in the page.
 */
export function renderInlineMarkdown(markdown: string): string {
  const paragraphs = markdown.trim().split(/\n\s*\n/);
  return paragraphs
    .map((para) => {
      const parts = para.replace(/\s*\n\s*/g, ' ').split(/(`[^`]+`)/);
      const html = parts
        .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? `<code>${escapeHtml(part.slice(1, -1))}</code>` : inline(escapeHtml(part))))
        .join('');
      return paragraphs.length > 1 ? `<p>${html}</p>` : html;
    })
    .join('');
}
