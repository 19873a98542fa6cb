/** Dispatched on `document` with the command as `detail`; the lab pane sends it to its terminal. */
export const runEventName = 'kubecamp:run';

const shellLanguages = new Set(['sh', 'bash', 'shell', 'shellscript', 'zsh', 'console', 'shellsession']);

/**
 * A shell line without its trailing comment: a `#` that starts a word (after
 * whitespace), outside quotes. `${#x}`, `a#b` and quoted `#` stay.
 */
export function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '\\') i++;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i).replace(/\s+$/, '');
  }
  return line;
}

/**
 * The command on one line of a shell code block, or undefined for lines that
 * are not commands: blank, comment-only, or output in a `console` block (lines
 * without a `$ ` prompt there). A leading `$ ` prompt and a trailing comment
 * are dropped: the terminal gets only what runs.
 */
export function commandOfLine(line: string, language: string): string | undefined {
  const text = line.replace(/\s+$/, '');
  const isConsole = language === 'console' || language === 'shellsession';
  const prompt = /^\s*\$\s+/.exec(text);
  if (isConsole && !prompt) return undefined;
  const command = stripComment(prompt ? text.slice(prompt[0].length) : text.trim());
  if (!command) return undefined;
  return command;
}

/**
 * A "Run" button on each command line of the page's shell code blocks
 * (Expressive Code's `pre[data-language]`); the copy button stays. Clicking
 * it dispatches `runEventName`.
 */
export function addRunButtons(doc: Document): number {
  let added = 0;
  for (const pre of doc.querySelectorAll<HTMLElement>('.expressive-code pre[data-language]')) {
    const language = pre.dataset.language ?? '';
    if (!shellLanguages.has(language) || pre.dataset.kcRun) continue;
    pre.dataset.kcRun = 'true';
    for (const line of pre.querySelectorAll<HTMLElement>('.ec-line')) {
      const command = commandOfLine(line.querySelector('.code')?.textContent ?? line.textContent ?? '', language);
      if (!command) continue;
      const button = doc.createElement('button');
      button.type = 'button';
      button.className = 'kc-run';
      button.textContent = '▶';
      button.title = 'Run in the lab terminal';
      button.setAttribute('aria-label', `Run in the lab terminal: ${command}`);
      button.addEventListener('click', () => {
        doc.dispatchEvent(new CustomEvent(runEventName, { detail: command }));
        // Where it went: a mark on the button for a moment (the pane scrolls its terminal into view).
        button.textContent = '✓';
        button.dataset.sent = 'true';
        setTimeout(() => {
          button.textContent = '▶';
          delete button.dataset.sent;
        }, 2000);
      });
      line.prepend(button);
      added++;
    }
  }
  return added;
}
