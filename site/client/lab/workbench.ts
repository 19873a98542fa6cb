import type { LabView, SolutionDiff } from '../../shared/lab-view.ts';
import type { LabEditor } from './editor.ts';
import type { LabTerminal } from './terminal.ts';

/** The editor and the terminal: the lazily loaded, heavy half of the pane. */
export interface Workbench {
  /** The editor: read-only while the lab's engines are down or a reset runs. */
  setReadOnly(readOnly: boolean): void;
  /** The shell runs only while the lab's engines are up (undefined: not known yet). */
  setTerminalEnabled(enabled: boolean | undefined): void;
  /** Save edits not yet saved. */
  flush(): Promise<void>;
  /** After a reset: files from the server again. */
  reload(): Promise<void>;
  showSolution(diff: SolutionDiff, dialog: HTMLDialogElement): Promise<void>;
  /** Type a command into the terminal and run it. */
  run(command: string): void;
  layout(): void;
}

/**
 * The terminal (xterm.js, small) and the editor (Monaco, large) load in
 * parallel; the terminal is usable as soon as it arrives.
 */
export async function createWorkbench(root: HTMLElement, view: LabView, options: { readOnly: boolean; terminal: boolean | undefined }): Promise<Workbench> {
  let readOnly = options.readOnly;
  let terminalEnabled = options.terminal;
  const terminalHost = root.querySelector<HTMLElement>('[data-kc-terminal]')!;
  const terminalState = root.querySelector<HTMLElement>('[data-kc-term-state]')!;
  const terminalReady = import('./terminal.ts').then((m) => m.createLabTerminal(terminalHost, view, { onState: (t) => (terminalState.textContent = t), enabled: terminalEnabled }));
  const editorReady = import('./editor.ts').then((m) =>
    m.createLabEditor(root, view, { readOnly }),
  );
  const [terminal, editor]: [LabTerminal, LabEditor] = await Promise.all([terminalReady, editorReady]);
  return {
    setReadOnly(ro) {
      if (ro === readOnly) return;
      readOnly = ro;
      editor.setReadOnly(ro);
    },
    setTerminalEnabled(enabled) {
      if (enabled === terminalEnabled || enabled === undefined) return;
      terminalEnabled = enabled;
      terminal.setEnabled(enabled);
    },
    flush: () => editor.flush(),
    reload: () => editor.reload(),
    showSolution: (diff, dialog) => editor.showSolution(diff, dialog),
    run(command) {
      terminal.run(command);
    },
    layout() {
      editor.layout();
      terminal.fit();
    },
  };
}
