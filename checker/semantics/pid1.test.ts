import { describe, expect, it } from 'vitest';
import { pid1Is, pid1Of } from './pid1.ts';

describe('pid1Of', () => {
  it('reads an exec-form CMD behind the official image entrypoint as the program itself', () => {
    expect(pid1Of(['docker-entrypoint.sh'], ['node', 'server.js'])).toEqual({ program: 'node', how: 'docker-entrypoint.sh execs its arguments, node runs directly' });
    expect(pid1Of(null, ['node', 'server.js']).program).toBe('node');
    expect(pid1Of(['/usr/local/bin/node', 'server.js'], null).program).toBe('node');
    expect(pid1Of(['docker-entrypoint.sh'], ['--max-old-space-size=100', 'server.js']).program).toBe('node');
  });

  it('reads a script named as the command behind docker-entrypoint.sh as node running it', () => {
    expect(pid1Of(['docker-entrypoint.sh'], ['server.js'])).toEqual({ program: 'node', how: 'docker-entrypoint.sh runs server.js with node (a script, not a command), node runs directly' });
    for (const script of ['./server.js', 'dist/index.mjs', '/app/server.cjs']) expect(pid1Of(['docker-entrypoint.sh'], [script, '--port', '3000']).program, script).toBe('node');
    // Without the entrypoint nothing prepends node: the kernel cannot run a .js file that is not executable.
    expect(pid1Of(null, ['server.js']).program).toBe('server.js');
    expect(pid1Of(['docker-entrypoint.sh'], ['npm', 'start']).program).toBe('npm');
  });

  it('finds a shell as PID 1 for the shell form, unless it execs', () => {
    expect(pid1Of(['docker-entrypoint.sh'], ['/bin/sh', '-c', 'node server.js'])).toEqual({
      program: 'sh',
      how: 'docker-entrypoint.sh execs its arguments, a shell (/bin/sh -c) runs "node server.js" as its child',
    });
    expect(pid1Of(null, ['/bin/sh', '-c', 'exec node server.js']).program).toBe('node');
    expect(pid1Of(null, ['/bin/sh', '-c', 'exec node server.js && echo done']).program).toBe('sh');
  });

  it('finds npm as PID 1 for npm start', () => {
    const p = pid1Of(['docker-entrypoint.sh'], ['npm', 'start']);
    expect(p).toEqual({ program: 'npm', how: 'docker-entrypoint.sh execs its arguments, npm runs "start" through a shell, so the app is its grandchild' });
    expect(pid1Is(p, 'node')).toBe(false);
  });

  it('accepts an init that forwards signals to the program', () => {
    const p = pid1Of(['tini', '--'], ['node', 'server.js']);
    expect(p).toEqual({ program: 'tini', child: 'node', how: 'tini is an init that forwards signals to node' });
    expect(pid1Is(p, 'node')).toBe(true);
  });
});
