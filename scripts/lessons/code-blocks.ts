/** A fenced code block of a lesson, as written. */
export interface CodeBlock {
  /** The lesson file, relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string's first word (`sh`, `yaml`…), '' when none. */
  lang: string;
  /** `title="…"` from the info string, when given. */
  title?: string;
  /**
   * Why the block is not checked, from `nocheck="reason"` in the info string: a block that
   * intentionally does not parse or apply (a Helm template, a fragment). A bare `nocheck`
   * without a reason is reported as a problem by {@link blockProblems}.
   */
  nocheck?: string;
  code: string;
  /** 1-based line of the closing fence (the last line when it is missing). */
  endLine: number;
}

const fenceOpen = /^(\s*)(`{3,}|~{3,})\s*([^`]*)$/;

/** The fenced code blocks of a Markdown/MDX text, in order. */
export function codeBlocks(text: string, file: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = fenceOpen.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const close = new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !close.test(lines[j]); j++) body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    const lang = info.trim().split(/\s+/)[0] ?? '';
    const meta = info.trim().slice(lang.length);
    blocks.push({ file, line: i + 1, endLine: Math.min(j + 1, lines.length), lang, title: attribute(meta, 'title'), nocheck: nocheckOf(meta), code: body.join('\n') });
    i = j;
  }
  return blocks;
}

function attribute(meta: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(meta)?.[1];
}

function nocheckOf(meta: string): string | undefined {
  if (!/(?:^|\s)nocheck(?:\s|=|$)/.test(meta)) return undefined;
  return attribute(meta, 'nocheck') ?? '';
}

/** The text outside code blocks, with each code block's lines blanked (line numbers stay). */
export function proseOf(text: string): string {
  const lines = text.split('\n');
  for (const b of codeBlocks(text, '')) for (let k = b.line - 1; k < b.endLine; k++) lines[k] = '';
  return lines.join('\n');
}

export const shellLangs = new Set(['sh', 'bash', 'shell']);
