import { describe, expect, it } from 'vitest';
import { memoryIo } from './io.ts';
import { parseCommandLine } from './command-line.ts';

describe('parseCommandLine', () => {
  it('splits command, arguments and options', () => {
    const io = memoryIo();
    const r = parseCommandLine(['check', 'deployments', '--json'], io, 'usage', { json: { type: 'boolean', default: false } });
    expect(r).toMatchObject({ command: 'check', args: ['deployments'], exit: undefined });
    expect(r.values.json).toBe(true);
    expect(io.out()).toBe('');
  });

  it('prints the usage: exit 0 for --help, 2 without a command', () => {
    const help = memoryIo();
    expect(parseCommandLine(['up', '--help'], help, 'usage: x', {}).exit).toBe(0);
    expect(help.out()).toBe('usage: x\n');
    const none = memoryIo();
    expect(parseCommandLine([], none, 'usage: x', {}).exit).toBe(2);
  });
});
