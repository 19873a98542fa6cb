import { fileNameProblem } from '../../shared/file-names.ts';
import { ApiError, api, fileUrl } from './api-client.ts';

export type FileAction = 'new' | 'rename' | 'delete';

/** What the file actions need from the editor. */
export interface FileActionTarget {
  labId: string;
  /** The file shown, if any. */
  active(): string | undefined;
  /** The version of `path` the editor shows, sent so a file changed elsewhere is not renamed or deleted. */
  version(path: string): string | undefined;
  /** Save pending edits first, so the version sent is the one on disk. */
  flush(): Promise<void>;
  created(path: string, version: string): void;
  renamed(from: string, to: string, version: string): void;
  deleted(path: string): void;
  /** A file changed elsewhere: load what is on disk now. */
  refresh(): Promise<void>;
}

const words: Record<FileAction, { title: (path: string) => string; ok: string; desc: (path: string) => string }> = {
  new: { title: () => 'New file', ok: 'Create', desc: () => 'A new, empty file in the lab’s workspace. Use / for folders, e.g. k8s/service.yaml.' },
  rename: { title: (p) => `Rename ${p}`, ok: 'Rename', desc: (p) => `The new path of ${p} in the workspace.` },
  delete: { title: (p) => `Delete ${p}?`, ok: 'Delete', desc: (p) => `${p} is removed from the workspace. This cannot be undone.` },
};

/**
 * New file, Rename and Delete over the editor's tabs, each through the pane's
 * file dialog (centred, focus kept inside, Escape cancels; Delete asks first).
 * The server refuses a rename or delete of a file changed elsewhere since the
 * editor loaded it, and never replaces a file; its refusal is shown in the dialog.
 */
export interface FileActions {
  setEnabled(enabled: boolean): void;
  /** The shown file changed: the Rename and Delete buttons name it. */
  refresh(): void;
}

export function attachFileActions(root: HTMLElement, target: FileActionTarget): FileActions {
  const dialog = root.querySelector<HTMLDialogElement>('[data-kc-file-dialog]')!;
  const title = dialog.querySelector<HTMLElement>('[data-kc-file-title]')!;
  const desc = dialog.querySelector<HTMLElement>('[data-kc-file-desc]')!;
  const nameRow = dialog.querySelector<HTMLElement>('[data-kc-file-name-row]')!;
  const input = dialog.querySelector<HTMLInputElement>('input[name="name"]')!;
  const error = dialog.querySelector<HTMLElement>('[data-kc-file-error]')!;
  const ok = dialog.querySelector<HTMLButtonElement>('[data-kc-file-ok]')!;
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('[data-file-action]')];
  let enabled = false;
  let action: FileAction = 'new';
  let path = '';
  let opener: HTMLElement | null = null;
  let busy = false;

  const refresh = () => {
    const active = target.active();
    for (const b of buttons) {
      const a = b.dataset.fileAction as FileAction;
      b.disabled = !enabled || (a !== 'new' && !active);
      if (a === 'new') b.removeAttribute('aria-label');
      else b.setAttribute('aria-label', active ? `${a === 'rename' ? 'Rename' : 'Delete'} ${active}` : a === 'rename' ? 'Rename' : 'Delete');
    }
  };

  const open = (a: FileAction, from: HTMLElement) => {
    action = a;
    path = a === 'new' ? '' : (target.active() ?? '');
    opener = from;
    title.textContent = words[a].title(path);
    desc.textContent = words[a].desc(path);
    ok.textContent = words[a].ok;
    ok.classList.toggle('kc-btn-danger', a === 'delete');
    ok.classList.toggle('kc-btn-primary', a !== 'delete');
    nameRow.hidden = a === 'delete';
    input.value = a === 'rename' ? path : '';
    input.removeAttribute('aria-invalid');
    error.textContent = '';
    dialog.returnValue = '';
    dialog.showModal();
    if (a === 'delete') dialog.querySelector<HTMLButtonElement>('[data-kc-file-cancel]')!.focus();
    else {
      input.focus();
      input.select();
    }
  };

  const fail = (message: string) => {
    error.textContent = message;
    if (action !== 'delete') {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  };

  const run = async (): Promise<void> => {
    const name = input.value.trim();
    if (action !== 'delete') {
      const problem = fileNameProblem(name);
      if (problem) return fail(`Cannot use that name: ${problem}.`);
    }
    if (action === 'new') {
      const { version } = await api<{ version: string }>(fileUrl(target.labId, name), { method: 'POST', body: { content: '' } });
      target.created(name, version);
    } else if (action === 'rename') {
      if (name === path) return fail(`${path} already has that name.`);
      await target.flush();
      const { version } = await api<{ version: string }>(`/api/labs/${encodeURIComponent(target.labId)}/rename`, { method: 'POST', body: { from: path, to: name, base: target.version(path) ?? '' } });
      target.renamed(path, name, version);
    } else {
      await target.flush();
      await api(fileUrl(target.labId, path), { method: 'DELETE', body: { base: target.version(path) ?? '' } });
      target.deleted(path);
    }
    dialog.close('done');
  };

  dialog.querySelector('[data-kc-file-cancel]')!.addEventListener('click', () => dialog.close('cancel'));
  dialog.querySelector('form')!.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (busy) return;
    busy = true;
    ok.disabled = true;
    void run()
      .catch(async (err: unknown) => {
        fail(err instanceof ApiError ? `${err.message}${err.fix ? ` (${err.fix})` : ''}.` : String(err));
        if (err instanceof ApiError && err.status === 409) await target.refresh().catch(() => undefined);
      })
      .finally(() => {
        busy = false;
        ok.disabled = false;
      });
  });
  dialog.addEventListener('close', () => {
    refresh();
    // Back where the learner was: the new or renamed file's tab, else the button pressed.
    const tab = root.querySelector<HTMLElement>('[data-kc-tabs] [aria-selected="true"]');
    (dialog.returnValue === 'done' && tab ? tab : opener?.isConnected && !(opener as HTMLButtonElement).disabled ? opener : tab)?.focus();
  });
  for (const b of buttons) b.addEventListener('click', () => open(b.dataset.fileAction as FileAction, b));

  return {
    setEnabled(e) {
      enabled = e;
      refresh();
    },
    refresh,
  };
}
