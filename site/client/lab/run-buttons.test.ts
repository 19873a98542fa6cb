import { describe, expect, it } from 'vitest';
import { commandOfLine } from './run-buttons.ts';

describe('commandOfLine', () => {
  it('takes commands from sh blocks, dropping a $ prompt and trailing space', () => {
    expect(commandOfLine('kubectl apply -f deployment.yaml', 'sh')).toBe('kubectl apply -f deployment.yaml');
    expect(commandOfLine('kubectl rollout status deployment/web          # waits', 'sh')).toBe('kubectl rollout status deployment/web          # waits');
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
