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

describe('parseOptions', () => {
  it('parses a tool without commands, refusing stray arguments unless asked', async () => {
    const { parseOptions } = await import('./command-line.ts');
    expect(parseOptions(['--port', '1'], memoryIo(), 'u', { port: { type: 'string' } }).values.port).toBe('1');
    expect(() => parseOptions(['extra'], memoryIo(), 'u', {})).toThrow(/extra/);
    expect(parseOptions(['a', 'b'], memoryIo(), 'u', {}, { positionals: true }).positionals).toEqual(['a', 'b']);
  });
});
