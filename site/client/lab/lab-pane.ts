import type { LabResult } from '../../../checker/schemas/result.ts';
import type { LabView, LiveMessage, SolutionDiff } from '../../shared/lab-view.ts';
import { recordActiveTime, recordFailedAttempt, recordHintShown, recordPassed, recordReset } from '../../shared/progress.ts';
import { createProgressSync, type ProgressSync } from '../progress-sync.ts';
import { ApiError, api, socketUrl } from './api-client.ts';
import { reconnectingSocket } from './reconnect.ts';
import { renderTasks, summaryText } from './task-list.ts';
import { announce, initialState, isEditorReadOnly, isWorkable, liveFailures, reducePane, statusChanges, type PaneAction, type PaneState } from './task-status.ts';
import { addRunButtons, runEventName } from './run-buttons.ts';
import { trapFocus } from './dialog-focus.ts';
import type { Workbench } from './workbench.ts';

let progressSync: ProgressSync | undefined;

/** Start every lab pane on the page (normally one). */
export function startLabPanes(): void {
  const panes = document.querySelectorAll<HTMLElement>('[data-kc-lab]');
  if (panes.length === 0) return;
  progressSync ??= createProgressSync();
  for (const root of panes) void startLabPane(root, progressSync);
}

const errorText = (err: unknown) => (err instanceof ApiError ? `${err.message}${err.fix ? ` (${err.fix})` : ''}` : err instanceof Error ? err.message : String(err));

function showNotice(el: HTMLElement, parts: (string | { code: string })[]): void {
  const p = document.createElement('p');
  for (const part of parts) {
    if (typeof part === 'string') p.append(part);
    else {
      const code = document.createElement('code');
      code.textContent = part.code;
      p.append(code);
    }
  }
  el.replaceChildren(p);
  el.hidden = false;
}

async function startLabPane(root: HTMLElement, progress: ProgressSync): Promise<void> {
  const labId = root.dataset.kcLab!;
  const notice = root.querySelector<HTMLElement>('[data-kc-notice]')!;
  const summary = root.querySelector<HTMLElement>('[data-kc-summary]')!;
  const button = (action: string) => root.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)!;

  let view: LabView;
  try {
    view = await api<LabView>(`/api/labs/${encodeURIComponent(labId)}`);
  } catch (err) {
    root.dataset.state = 'offline';
    showNotice(notice, [`The lab could not be opened: ${errorText(err)}. Lessons are readable without it; for the lab, run `, { code: 'npm start' }, '.']);
    return;
  }
  notice.hidden = true;
  root.dataset.state = 'ready';

  let state: PaneState = initialState(view.taskIds);
  let workbench: Workbench | undefined;
  const pendingRuns: string[] = [];
  const labProgress = () => progress.current().labs[labId];

  const openedAt = Date.now();
  const render = () => {
    renderTasks(root, view, state, labProgress(), (Date.now() - openedAt) / 60_000);
    for (const ref of document.querySelectorAll<HTMLElement>(`[data-kc-task-ref^="${CSS.escape(labId)}/"]`)) {
      ref.dataset.status = state.tasks[ref.dataset.kcTaskRef!.slice(labId.length + 1)]?.status ?? 'unknown';
    }
    const workable = isWorkable(state);
    button('check').disabled = !workable || state.checking;
    button('check').textContent = state.checking ? 'Checking…' : 'Check';
    button('reset').disabled = !workable;
    button('reset').textContent = state.resetting ? 'Resetting…' : 'Reset lab';
    button('solution').disabled = false;
    const r = state.readiness;
    if (r && !r.ready) {
      showNotice(notice, [`${r.message ?? 'The lab environment is not running.'} `, ...(r.command ? [{ code: r.command }] : []), ' You can edit your files meanwhile; checks and the terminal wait for it and come back by themselves.']);
    } else if (state.problem) showNotice(notice, [state.problem]);
    else if (!state.connected && root.dataset.everConnected) showNotice(notice, ['Reconnecting to the kubecamp server…']);
    else notice.hidden = true;
    root.dataset.workable = String(workable);
    // The editor needs no cluster; until the server has said the engines are up, the shell waits.
    workbench?.setReadOnly(isEditorReadOnly(state));
    workbench?.setTerminalEnabled(state.readiness?.ready);
  };

  // The live region: what just changed, then where the learner stands. A reset is
  // part of the state, so the live results that follow it do not erase the note.
  const showSummary = (lines: string[]) => {
    summary.textContent = [...(state.justReset ? ['The lab was reset.'] : []), ...lines, summaryText(view, labProgress())].join(' ');
  };

  // A "Check" result arrives twice (its response, and the broadcast to every open pane): handled once.
  const seenChecks = new Set<string>();
  const dispatch = (action: PaneAction) => {
    if (action.type === 'result' && action.source === 'check') {
      const key = `${action.result.checkedAt}/${action.result.tasks.map((t) => t.id).join()}`;
      if (seenChecks.has(key)) return;
      seenChecks.add(key);
    }
    const before = state;
    state = reducePane(state, action);
    if (action.type === 'result') {
      const passed = action.result.tasks.filter((t) => t.status === 'pass').map((t) => t.id);
      if (passed.length) progress.update((p) => recordPassed(p, labId, passed, view.taskIds, new Date().toISOString()));
      // A new live failure of touched work is a failed attempt, as a failed "Check" is.
      for (const id of liveFailures(before, state)) progress.update((p) => recordFailedAttempt(p, labId, id));
      const lines = statusChanges(before, state).map((c) => announce(view.tasks.find((t) => t.id === c.id)!.title, c.to));
      if (action.source === 'check') lines.unshift(`Checked: ${action.result.passed} of ${action.result.total} passing.`);
      showSummary(lines);
    } else if (action.type === 'reset-done' || action.type === 'reset-announced') showSummary([]);
    render();
  };
  progress.onChange(() => render());
  // Hints also unlock with time on the lab.
  setInterval(render, 30_000);
  // Time spent (the track page and its export): minutes the pane is visible, until the lab is completed.
  let lastTick = Date.now();
  setInterval(() => {
    const now = Date.now();
    const ms = Math.min(now - lastTick, 60_000);
    lastTick = now;
    if (document.visibilityState === 'visible') progress.update((p) => recordActiveTime(p, labId, ms));
  }, 30_000);

  const countFailures = (result: LabResult) => {
    for (const t of result.tasks) if (t.status === 'fail') progress.update((p) => recordFailedAttempt(p, labId, t.id));
  };

  reconnectingSocket({
    url: () => socketUrl(`/api/labs/${encodeURIComponent(labId)}/live`),
    onOpen: () => {
      root.dataset.everConnected = 'true';
      dispatch({ type: 'connection', connected: true });
    },
    onClose: () => dispatch({ type: 'connection', connected: false }),
    onMessage: (data) => {
      const m = JSON.parse(data) as LiveMessage;
      if (m.type === 'result') dispatch({ type: 'result', source: m.source, result: m.result });
      else if (m.type === 'readiness') dispatch({ type: 'readiness', readiness: m.readiness });
      else if (m.type === 'problem') dispatch({ type: 'problem', message: m.message });
      else if (m.type === 'reset') {
        // Reset here or in another tab: either way the results after this message are the fresh lab's.
        const elsewhere = !state.resetting;
        dispatch({ type: 'reset-announced' });
        if (elsewhere) void workbench?.reload();
      }
    },
  });

  button('check').addEventListener('click', async () => {
    dispatch({ type: 'check-started' });
    try {
      await workbench?.flush();
      const result = await api<LabResult>(`/api/labs/${encodeURIComponent(labId)}/check`, { method: 'POST' });
      countFailures(result);
      dispatch({ type: 'result', source: 'check', result });
    } catch (err) {
      dispatch({ type: 'check-failed', message: `Check failed: ${errorText(err)}` });
    }
  });

  const resetDialog = root.querySelector<HTMLDialogElement>('[data-kc-reset-dialog]')!;
  for (const d of root.querySelectorAll<HTMLDialogElement>('dialog')) trapFocus(d);
  button('reset').addEventListener('click', () => resetDialog.showModal());
  // Focus back on Reset once the dialog is done, unless the learner has moved on meanwhile (a reset
  // takes seconds; typing in the terminal by then must not land on the button).
  const focusResetIfLost = () => {
    const active = document.activeElement;
    if (!active || active === document.body || resetDialog.contains(active)) button('reset').focus();
  };
  resetDialog.addEventListener('close', async () => {
    if (resetDialog.returnValue !== 'reset') {
      focusResetIfLost();
      return;
    }
    dispatch({ type: 'reset-started' });
    try {
      await workbench?.flush();
      await api(`/api/labs/${encodeURIComponent(labId)}/reset`, { method: 'POST' });
      progress.update((p) => recordReset(p, labId, new Date().toISOString()));
      dispatch({ type: 'reset-done' });
      await workbench?.reload();
    } catch (err) {
      dispatch({ type: 'reset-failed', message: `Reset failed: ${errorText(err)}` });
    }
    focusResetIfLost();
  });

  button('solution').addEventListener('click', async () => {
    try {
      await workbench?.flush();
      const diff = await api<SolutionDiff>(`/api/labs/${encodeURIComponent(labId)}/solution`);
      const wb = workbench ?? (await workbenchReady);
      await wb.showSolution(diff, root.querySelector<HTMLDialogElement>('[data-kc-solution-dialog]')!);
    } catch (err) {
      dispatch({ type: 'problem', message: `The solution could not be shown: ${errorText(err)}` });
    }
  });

  // Full screen is the browser's (the top layer is above the page's header and
  // sidebars, whatever their z-index); where that is refused, a fixed overlay.
  const setExpanded = (expanded: boolean) => {
    root.classList.toggle('kc-lab-expanded', expanded);
    button('expand').setAttribute('aria-pressed', String(expanded));
    button('expand').textContent = expanded ? 'Exit full screen' : 'Full screen';
    document.documentElement.classList.toggle('kc-lab-open', expanded);
    workbench?.layout();
  };
  button('expand').addEventListener('click', async () => {
    const expand = !root.classList.contains('kc-lab-expanded');
    if (expand) await root.requestFullscreen?.().catch(() => undefined);
    else if (document.fullscreenElement === root) await document.exitFullscreen().catch(() => undefined);
    setExpanded(expand);
  });
  document.addEventListener('fullscreenchange', () => {
    if (document.fullscreenElement !== root && root.classList.contains('kc-lab-expanded')) setExpanded(false);
  });
  root.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && root.classList.contains('kc-lab-expanded') && !(ev.target as HTMLElement).closest('dialog')) button('expand').click();
  });

  root.addEventListener('click', (ev) => {
    const hint = (ev.target as HTMLElement).closest<HTMLButtonElement>('[data-action="hint"]');
    if (!hint) return;
    const task = view.tasks.find((t) => t.id === hint.dataset.task)!;
    progress.update((p) => recordHintShown(p, labId, task.id, task.hints.length));
    root.querySelector<HTMLElement>(`.kc-task[data-task="${CSS.escape(task.id)}"] [data-hints] li:last-child`)?.setAttribute('tabindex', '-1');
  });

  root.addEventListener('submit', async (ev) => {
    const form = (ev.target as HTMLElement).closest<HTMLFormElement>('[data-answer]');
    if (!form) return;
    ev.preventDefault();
    const taskId = form.dataset.answer!;
    const answer = (form.elements.namedItem('answer') as HTMLInputElement).value;
    try {
      // Answers live in answers.yaml, which the editor may have open: save edits first, then show the new file.
      await workbench?.flush();
      const { result } = await api<{ result: LabResult }>(`/api/labs/${encodeURIComponent(labId)}/answers/${encodeURIComponent(taskId)}`, { method: 'PUT', body: { answer } });
      countFailures(result);
      dispatch({ type: 'result', source: 'check', result });
      await workbench?.reload();
    } catch (err) {
      dispatch({ type: 'problem', message: `The answer could not be saved: ${errorText(err)}` });
    }
  });
  for (const [taskId, answer] of Object.entries(view.answers)) {
    const input = root.querySelector<HTMLInputElement>(`[data-answer="${CSS.escape(taskId)}"] input`);
    if (input) input.value = answer;
  }

  // "Run" buttons on the lesson's shell code blocks send their command to this lab's terminal.
  addRunButtons(document);
  const runNote = root.querySelector<HTMLElement>('[data-kc-run-note]');
  document.addEventListener(runEventName, (ev) => {
    const command = (ev as CustomEvent<string>).detail;
    // Show where the command went: the terminal comes into view and its footer names the command.
    if (runNote) runNote.textContent = `Sent from the lesson: ${command}`;
    if (workbench) workbench.run(command);
    else pendingRuns.push(command);
    root.querySelector<HTMLElement>('.kc-terminal')?.scrollIntoView({ block: 'nearest' });
  });

  render();
  performance.mark('kubecamp:tasks-interactive');
  // The editor and terminal are big: loaded after the tasks are interactive.
  const workbenchReady = import('./workbench.ts').then((m) => m.createWorkbench(root, view, { readOnly: isEditorReadOnly(state), terminal: state.readiness?.ready }));
  workbench = await workbenchReady.catch((err) => {
    dispatch({ type: 'problem', message: `The editor and terminal could not start: ${errorText(err)}` });
    return undefined;
  });
  if (!workbench) return;
  render();
  for (const c of pendingRuns.splice(0)) workbench.run(c);
  root.dataset.state = 'interactive';
  performance.mark('kubecamp:lab-interactive');
}
