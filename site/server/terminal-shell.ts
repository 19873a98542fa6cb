import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadedLab } from '../../checker/engine/engine.ts';
import { ContextError } from '../../checker/lib/errors.ts';
import { paths } from '../../checker/lib/paths.ts';
import { labSession } from '../../checker/labs/session.ts';
import type { LabTarget } from './lab-catalog.ts';
import type { Pty } from './terminal-sessions.ts';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The shell's start-up file: a short prompt (`lab:~$`, where `~` is the lab's
 * workspace; the lab and its namespace are printed once above it), and what the
 * shell talks to.
 */
export function shellRc(loaded: LoadedLab, target: LabTarget, historyFile: string): string {
  const { lab } = loaded;
  const lines = [
    '# kubecamp lab shell (written by the site server; not your ~/.bashrc)',
    `export HISTFILE=${quote(historyFile)}`,
    `_kc_workspace=${quote(target.workspace)}`,
    // Where the shell is, relative to the workspace: ~, ~/sub, or the folder's name outside it.
    '_kc_where() { case $PWD in "$_kc_workspace") printf "~" ;; "$_kc_workspace"/*) printf "~%s" "${PWD#"$_kc_workspace"}" ;; *) printf "%s" "${PWD##*/}" ;; esac; }',
    `PS1='\\[\\e[1;32m\\]lab\\[\\e[0m\\]:\\[\\e[1;34m\\]$(_kc_where)\\[\\e[0m\\]\\$ '`,
    "alias ls='ls --color=auto'",
    `printf '\\033[90mkubecamp lab %s: your files are in %s\\033[0m\\n' ${quote(lab.id)} ${quote(target.workspace)}`,
  ];
  if (lab.environments.includes('kubernetes')) {
    lines.push("alias k=kubectl", `printf '\\033[90mkubectl talks to the lab cluster, in namespace %s\\033[0m\\n' ${quote(target.namespace)}`);
  }
  if (lab.environments.includes('docker')) lines.push(`printf '\\033[90mdocker talks to the lab Docker engine\\033[0m\\n'`);
  if (lab.environments.includes('sandbox')) {
    lines.push(
      'sandbox() { if [ -z "$KUBECAMP_SANDBOX" ]; then echo "the Linux sandbox is not running: npm run sandbox:up" >&2; return 1; fi; docker exec -it "$KUBECAMP_SANDBOX" bash -l; }',
      `printf '\\033[90mrun \\033[0;1msandbox\\033[0;90m to open a shell in the Linux sandbox (exit to come back)\\033[0m\\n'`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A bash on a pseudo-terminal for a lab: in its workspace, with the lab's
 * session environment (KUBECONFIG scoped to the lab namespace, kubectl first
 * on PATH, KUBECAMP_SANDBOX). node-pty is loaded on first use, so the site
 * still serves lessons if its native module failed to build.
 */
export async function spawnLabShell(loaded: LoadedLab, target: LabTarget, size: { cols: number; rows: number }): Promise<Pty> {
  let pty: typeof import('node-pty');
  try {
    pty = await import('node-pty');
  } catch (err) {
    throw new ContextError('the terminal needs node-pty, which did not load', { cause: err, fix: 'run `npm rebuild node-pty` (it builds with python3, make and g++)' });
  }
  const session = await labSession(loaded.lab, target);
  const dir = join(paths(target.env).sessions, target.namespace);
  await mkdir(dir, { recursive: true });
  const rc = join(dir, 'bashrc');
  await writeFile(rc, shellRc(loaded, target, join(dir, 'bash_history')));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(session.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, { TERM: 'xterm-256color', COLORTERM: 'truecolor', KUBECAMP_LAB: loaded.lab.id });
  return pty.spawn('bash', ['--rcfile', rc, '-i'], { name: 'xterm-256color', cols: size.cols, rows: size.rows, cwd: target.workspace, env });
}
