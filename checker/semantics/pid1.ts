/**
 * The process a container starts as PID 1, read from its image config (ENTRYPOINT + CMD) the way
 * Docker builds the argv: PID 1 receives `docker stop`'s SIGTERM, so a shell or a package manager
 * there means the app never sees it. Wrappers that `exec` their arguments (the official images'
 * docker-entrypoint.sh, `sh -c "exec …"`) hand PID 1 on; inits (tini, dumb-init) forward signals.
 */
export interface Pid1 {
  /** The program that ends up as PID 1, by its base name (`node`, `sh`, `npm`). */
  program: string;
  /** The program an init forwards signals to, when PID 1 is an init. */
  child?: string;
  /** How it came about, for messages. */
  how: string;
}

const shells = ['sh', 'bash', 'ash', 'dash', 'zsh'];
const inits = ['tini', 'dumb-init', 'docker-init', 'catatonit'];
const packageManagers = ['npm', 'yarn', 'pnpm', 'npx'];
const base = (p: string) => p.split('/').pop() ?? p;

/**
 * The official node image's docker-entrypoint.sh runs `node "$@"` when $1 is not a command (not on
 * PATH, or a file that is not executable): a JavaScript file named as the command is such an argument.
 */
const nodeScript = (arg: string) => /\.[cm]?js$/i.test(arg);

/** Words of a simple shell command (quotes honoured; enough for `exec node server.js`). */
function words(script: string): string[] {
  return [...script.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

export function pid1Of(entrypoint: unknown, cmd: unknown): Pid1 {
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
  let argv = [...list(entrypoint), ...list(cmd)];
  const steps: string[] = [];
  for (let hop = 0; hop < 5; hop++) {
    if (argv.length === 0) return { program: '', how: 'the image sets no ENTRYPOINT or CMD' };
    const prog = base(argv[0]);
    if (prog === 'docker-entrypoint.sh') {
      argv = argv.slice(1);
      if (argv.length > 0 && nodeScript(argv[0])) {
        steps.push(`docker-entrypoint.sh runs ${argv[0]} with node (a script, not a command)`);
        argv = ['node', ...argv];
        continue;
      }
      steps.push('docker-entrypoint.sh execs its arguments');
      if (argv.length === 0 || argv[0].startsWith('-')) argv = ['node', ...argv];
      continue;
    }
    if (shells.includes(prog) && argv[1] === '-c') {
      const script = (argv[2] ?? '').trim();
      const m = /^exec\s+(.*)$/s.exec(script);
      if (m && !/[;&|]/.test(m[1])) {
        steps.push(`the shell execs ${words(m[1])[0]}`);
        argv = words(m[1]);
        continue;
      }
      return { program: prog, how: [...steps, `a shell (${argv[0]} -c) runs "${script}" as its child`].join(', ') };
    }
    if (inits.includes(prog)) {
      const rest = argv.slice(1);
      const i = rest.indexOf('--');
      const childArgv = i >= 0 ? rest.slice(i + 1) : rest.filter((a) => !a.startsWith('-'));
      const child = childArgv.length ? pid1Of(childArgv, []) : undefined;
      return { program: prog, child: child?.program, how: [...steps, `${prog} is an init that forwards signals to ${child?.program || 'nothing'}`].join(', ') };
    }
    if (packageManagers.includes(prog)) {
      return { program: prog, how: [...steps, `${prog} runs "${argv.slice(1).join(' ')}" through a shell, so the app is its grandchild`].join(', ') };
    }
    return { program: prog, how: [...steps, `${prog} runs directly`].join(', ') };
  }
  return { program: base(argv[0]), how: steps.join(', ') };
}

/** PID 1 is `expected`, or an init forwarding signals to it. */
export function pid1Is(p: Pid1, expected: string): boolean {
  return p.program === expected || (!!p.child && p.child === expected);
}
