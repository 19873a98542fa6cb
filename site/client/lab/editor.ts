import type { LabView, SolutionDiff } from '../../shared/lab-view.ts';
import { ApiError, api, fileUrl } from './api-client.ts';
import { isKubernetesManifest, languageOf } from './file-kinds.ts';
import { editorTheme, monaco, startYaml, useKubernetesSchema } from './monaco-setup.ts';
import { attachFileActions } from './file-actions.ts';
import { createSaveQueue, type SaveState } from './save-queue.ts';
import { isAnswersFile, mainSolutionFile, withoutCommentLines } from './solution-view.ts';

export interface LabEditor {
  setReadOnly(readOnly: boolean): void;
  flush(): Promise<void>;
  reload(): Promise<void>;
  showSolution(diff: SolutionDiff, dialog: HTMLDialogElement): Promise<void>;
  layout(): void;
}

const saveWords = (s: SaveState) =>
  s.kind === 'saved' ? `Saved ${s.at.toLocaleTimeString()}` : s.kind === 'pending' ? 'Unsaved changes…' : s.kind === 'saving' ? 'Saving…' : `Not saved: ${s.message}`;

/** Tabs as an ARIA tablist: arrow keys move between them, Home/End to the ends. */
function renderTabs(list: HTMLElement, paths: string[], active: string, controls: string, onSelect: (path: string) => void): void {
  list.replaceChildren(
    ...paths.map((path) => {
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.role = 'tab';
      tab.className = 'kc-tab';
      tab.textContent = path;
      tab.dataset.path = path;
      tab.setAttribute('aria-selected', String(path === active));
      tab.setAttribute('aria-controls', controls);
      tab.tabIndex = path === active ? 0 : -1;
      tab.addEventListener('click', () => onSelect(path));
      return tab;
    }),
  );
  list.onkeydown = (ev) => {
    const tabs = [...list.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    const i = tabs.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const next = ev.key === 'ArrowRight' ? (i + 1) % tabs.length : ev.key === 'ArrowLeft' ? (i - 1 + tabs.length) % tabs.length : ev.key === 'Home' ? 0 : ev.key === 'End' ? tabs.length - 1 : -1;
    if (next < 0) return;
    ev.preventDefault();
    tabs[next]!.focus();
    onSelect(tabs[next]!.dataset.path!);
  };
}

/**
 * Monaco over the learner's workspace files, one tab per starter file. Edits
 * are saved to the server (debounced) and so survive reloads; YAML manifests
 * are validated and completed against the cluster's own schemas.
 */
export async function createLabEditor(root: HTMLElement, view: LabView, options: { readOnly: boolean }): Promise<LabEditor> {
  const host = root.querySelector<HTMLElement>('[data-kc-editor]')!;
  const tabs = root.querySelector<HTMLElement>('[data-kc-tabs]')!;
  const saveState = root.querySelector<HTMLElement>('[data-kc-save]')!;
  host.id ||= `kc-editor-${view.id}`;
  startYaml();

  const uri = (path: string) => monaco.Uri.parse(`file:///${view.id}/${path}`);
  let suppress = false;
  /** The version of each file this editor last loaded or saved: saves are refused if the file changed since. */
  const versions = new Map<string, string>();
  /** Files whose save was refused because they changed elsewhere: the learner picks a side. */
  const conflicts = new Set<string>();
  const files = [...view.files];
  const queue = createSaveQueue({
    save: async (path, content) => {
      try {
        const saved = await api<{ version: string }>(fileUrl(view.id, path), { method: 'PUT', body: { content, ...(versions.has(path) ? { base: versions.get(path) } : {}) } });
        versions.set(path, saved.version);
        conflicts.delete(path);
        showConflict();
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          conflicts.add(path);
          showConflict();
        }
        throw err;
      }
    },
    onState: (_path, s) => {
      if (conflicts.size === 0) saveState.textContent = saveWords(s);
    },
  });

  const read = async (path: string): Promise<{ content: string; version?: string }> => {
    try {
      return await api<{ content: string; version: string }>(fileUrl(view.id, path));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return { content: '' };
      throw err;
    }
  };

  const models = new Map<string, ReturnType<typeof monaco.editor.createModel>>();
  const addModel = (path: string, file: { content: string; version?: string }) => {
    const model = monaco.editor.getModel(uri(path)) ?? monaco.editor.createModel(file.content, languageOf(path), uri(path));
    if (file.version) versions.set(path, file.version);
    model.updateOptions({ tabSize: 2, insertSpaces: true });
    model.onDidChangeContent(() => {
      if (!suppress) queue.changed(path, model.getValue());
    });
    models.set(path, model);
  };
  const contents = await Promise.all(view.files.map(read));
  view.files.forEach((path, i) => addModel(path, contents[i]!));
  const setQuietly = (path: string, content: string) => {
    const model = models.get(path)!;
    suppress = true;
    try {
      if (model.getValue() !== content) model.setValue(content);
    } finally {
      suppress = false;
    }
  };

  // A refused save: say so beside the save state, with both ways out. Nothing is lost either way
  // until the learner picks: their text stays in the editor, the other version on disk.
  function showConflict(): void {
    const path = [...conflicts][0];
    if (!path) return;
    const note = document.createElement('span');
    note.className = 'kc-conflict';
    note.dataset.kcConflict = path;
    note.append(`${path} was changed elsewhere (another tab or the terminal); your edits are not saved. `);
    // Either way, first learn the other writer's version, so the next save is based on it.
    const resolveWith = (label: string, then: (file: { content: string; version?: string }) => Promise<void> | void) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'kc-btn kc-btn-small';
      button.textContent = label;
      button.addEventListener('click', async () => {
        const file = await read(path);
        conflicts.delete(path);
        if (file.version) versions.set(path, file.version);
        await then(file);
      });
      return button;
    };
    const theirs = resolveWith('Load the other version', (file) => {
      setQuietly(path, file.content);
      saveState.textContent = `Loaded the other version of ${path}.`;
    });
    const mine = resolveWith('Keep mine', async () => {
      queue.changed(path, models.get(path)!.getValue());
      await queue.flush();
    });
    note.append(theirs, ' ', mine);
    saveState.replaceChildren(note);
  }

  const storageKey = `kubecamp:tab:${view.id}`;
  let active = view.files.includes(sessionStorage.getItem(storageKey) ?? '') ? sessionStorage.getItem(storageKey)! : view.files[0];
  const editor = monaco.editor.create(host, {
    model: active ? models.get(active)! : null,
    theme: editorTheme,
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    scrollBeyondLastLine: false,
    readOnly: options.readOnly,
    readOnlyMessage: { value: 'The files are read-only while the lab is being reset.' },
    renderWhitespace: 'boundary',
    // Enter always starts a new line: suggestions are accepted with Tab, and words
    // already in the file are never suggested (they merged lines in Dockerfiles).
    acceptSuggestionOnEnter: 'off',
    wordBasedSuggestions: 'off',
    fixedOverflowWidgets: true,
    // Tab and Shift+Tab indent here: the name a screen reader reads on entering says how to leave.
    ariaLabel: 'Lab file editor. Escape leaves it for the file tab; Ctrl+M makes Tab move focus.',
  });
  // Tab indents inside the editor, so keyboard users leave it with Escape: focus goes back to
  // the file's tab, from where Tab re-enters the editor and Shift+Tab goes on to the tasks.
  editor.addCommand(
    monaco.KeyCode.Escape,
    () => tabs.querySelector<HTMLElement>('[aria-selected="true"]')?.focus(),
    'editorTextFocus && !suggestWidgetVisible && !findWidgetVisible && !parameterHintsVisible && !renameInputVisible && !inSnippetMode',
  );
  const select = (path: string) => {
    active = path;
    sessionStorage.setItem(storageKey, path);
    editor.setModel(models.get(path)!);
    renderTabs(tabs, files, path, host.id, select);
    actions.refresh();
  };
  const showTabs = () => {
    if (active) renderTabs(tabs, files, active, host.id, select);
    else {
      editor.setModel(null);
      tabs.replaceChildren('This lab has no files to edit.');
    }
    actions.refresh();
  };

  /** The paths the last workspace listing had: a file gone from it was deleted or renamed elsewhere. */
  let listed: Set<string> | undefined;
  /** Bumped by this pane's own New/Rename/Delete: a listing asked for before one is stale. */
  let ownChanges = 0;
  const dropFile = (path: string) => {
    const i = files.indexOf(path);
    if (i >= 0) files.splice(i, 1);
    versions.delete(path);
    conflicts.delete(path);
    listed?.delete(path);
    if (active === path) {
      active = files[Math.min(i, files.length - 1)];
      if (active) {
        sessionStorage.setItem(storageKey, active);
        editor.setModel(models.get(active)!);
      }
    }
    models.get(path)?.dispose();
    models.delete(path);
    showTabs();
  };
  const actions = attachFileActions(root, {
    labId: view.id,
    active: () => active,
    version: (path) => versions.get(path),
    flush: () => queue.flush(),
    created(path, version) {
      ownChanges++;
      if (!models.has(path)) {
        addModel(path, { content: '', version });
        files.push(path);
      }
      listed?.add(path);
      select(path);
    },
    renamed(from, to, version) {
      ownChanges++;
      const content = models.get(from)?.getValue() ?? '';
      const i = files.indexOf(from);
      if (!models.has(to)) addModel(to, { content, version });
      if (i >= 0 && !files.includes(to)) files.splice(i + 1, 0, to);
      listed?.add(to);
      const wasActive = active === from;
      dropFile(from);
      if (wasActive) select(to);
    },
    deleted(path) {
      ownChanges++;
      dropFile(path);
    },
    refresh: () => sync(),
  });
  actions.setEnabled(!options.readOnly);
  showTabs();

  // The file list follows the workspace: files created in the terminal or another tab get a tab,
  // files deleted or renamed elsewhere lose theirs, and a file changed elsewhere (another tab, the
  // terminal) is shown here unless this editor has unsaved edits.
  async function sync() {
    if (document.hidden) return;
    const asked = ownChanges;
    const { files: onDisk } = await api<{ files: { path: string; version: string }[] }>(`/api/labs/${encodeURIComponent(view.id)}/workspace`);
    if (asked !== ownChanges) return;
    const now = new Set(onDisk.map((f) => f.path));
    const busy = (path: string) => conflicts.has(path) || queue.state(path)?.kind === 'pending' || queue.state(path)?.kind === 'saving';
    for (const path of [...files]) if (listed?.has(path) && !now.has(path) && !busy(path)) dropFile(path);
    listed = now;
    let added = false;
    for (const f of onDisk) {
      if (!models.has(f.path)) {
        addModel(f.path, await read(f.path));
        files.push(f.path);
        added = true;
      } else if (versions.get(f.path) !== f.version && !conflicts.has(f.path) && queue.state(f.path)?.kind !== 'pending' && queue.state(f.path)?.kind !== 'saving') {
        const file = await read(f.path);
        if (file.version) versions.set(f.path, file.version);
        setQuietly(f.path, file.content);
      }
    }
    if (added) {
      if (!active) {
        active = files[0];
        editor.setModel(models.get(active!)!);
      }
      renderTabs(tabs, files, active!, host.id, select);
      actions.refresh();
    }
  }
  void sync().catch(() => undefined);
  setInterval(() => void sync().catch(() => undefined), 3000);

  if (view.environments.includes('kubernetes')) {
    const manifests = view.files.filter(isKubernetesManifest).map((p) => uri(p).toString());
    void api<{ schema: unknown; from: 'cluster' | 'cache' }>(`/api/labs/${encodeURIComponent(view.id)}/schema`)
      .then(async ({ schema, from }) => {
        await useKubernetesSchema(schema, manifests);
        host.dataset.schema = from;
      })
      .catch(() => {
        // No cluster and nothing cached: YAML syntax is still checked.
        host.dataset.schema = 'none';
      });
  }
  addEventListener('pagehide', () => void queue.flush());

  let diffEditor: ReturnType<typeof monaco.editor.createDiffEditor> | undefined;
  const diffModels: ReturnType<typeof monaco.editor.createModel>[] = [];

  return {
    setReadOnly(readOnly) {
      editor.updateOptions({ readOnly });
      actions.setEnabled(!readOnly);
    },
    flush: () => queue.flush(),
    async reload() {
      await queue.flush().catch(() => undefined);
      const fresh = await Promise.all(files.map(read));
      files.forEach((path, i) => {
        conflicts.delete(path);
        if (fresh[i]!.version) versions.set(path, fresh[i]!.version!);
        setQuietly(path, fresh[i]!.content);
      });
    },
    async showSolution(diff, dialog) {
      const diffHost = dialog.querySelector<HTMLElement>('[data-kc-diff]')!;
      const diffTabs = dialog.querySelector<HTMLElement>('[data-kc-solution-tabs]')!;
      diffHost.id ||= `kc-diff-${view.id}`;
      for (const m of diffModels.splice(0)) m.dispose();
      dialog.showModal();
      diffEditor ??= monaco.editor.createDiffEditor(diffHost, {
        theme: editorTheme,
        readOnly: true,
        originalEditable: false,
        automaticLayout: true,
        minimap: { enabled: false },
        renderSideBySide: true,
        scrollBeyondLastLine: false,
        fontSize: 13,
      });
      // Comment-only lines are left out of both sides: the starter's notes are not differences.
      const show = (path: string) => {
        const f = diff.files.find((x) => x.path === path)!;
        const original = monaco.editor.createModel(withoutCommentLines(f.learner ?? '', path), languageOf(path));
        const modified = monaco.editor.createModel(withoutCommentLines(f.solution, path), languageOf(path));
        diffModels.push(original, modified);
        diffEditor!.setModel({ original, modified });
        renderTabs(diffTabs, diff.files.map((x) => x.path), path, diffHost.id, show);
        diffHost.dataset.path = path;
      };
      const first = mainSolutionFile(diff.files.map((f) => f.path), view.files);
      if (first) show(first);
      else if (diff.files.length) {
        // Only typed answers: shown when the learner picks the tab.
        renderTabs(diffTabs, diff.files.map((x) => x.path), '', diffHost.id, show);
        diffEditor.setModel(null);
      } else diffTabs.textContent = 'This lab\'s solution has no files; its steps are commands.';
      for (const tab of diffTabs.querySelectorAll<HTMLElement>('[role="tab"]')) if (isAnswersFile(tab.dataset.path ?? '')) tab.title = 'The answers to the questions';
      diffEditor.layout();
    },
    layout: () => editor.layout(),
  };
}
