import { describe, expect, it } from 'vitest';
import { commandOfLine, stripComment } from './run-buttons.ts';

describe('commandOfLine', () => {
  it('takes commands from sh blocks, dropping a $ prompt and trailing space', () => {
    expect(commandOfLine('kubectl apply -f deployment.yaml', 'sh')).toBe('kubectl apply -f deployment.yaml');
    expect(commandOfLine('kubectl rollout status deployment/web          # waits', 'sh')).toBe('kubectl rollout status deployment/web');
    expect(commandOfLine('$ docker ps   ', 'bash')).toBe('docker ps');
  });

  it('skips blank and comment-only lines', () => {
    expect(commandOfLine('   ', 'sh')).toBeUndefined();
    expect(commandOfLine('# just a note', 'sh')).toBeUndefined();
  });

  it('takes only prompted lines from console blocks (the rest is output)', () => {
    expect(commandOfLine('$ kubectl get pods', 'console')).toBe('kubectl get pods');
    expect(commandOfLine('NAME   READY   STATUS', 'console')).toBeUndefined();
  });
});

describe('stripComment', () => {
  it('drops a trailing comment that starts a word, outside quotes', () => {
    expect(stripComment('kubectl get pods   # list them')).toBe('kubectl get pods');
    expect(stripComment('# only a comment')).toBe('');
    expect(stripComment('echo "a # b" \'c # d\' # e')).toBe('echo "a # b" \'c # d\'');
    expect(stripComment('echo ${#PATH} a#b \\# x')).toBe('echo ${#PATH} a#b \\# x');
    expect(stripComment('echo "say \\"# hi\\"" # done')).toBe('echo "say \\"# hi\\""');
  });
});
