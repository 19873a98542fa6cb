import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../engine/context.ts';
import { answer, unwrapAnswer } from './answer.ts';

const ask = (given: string | undefined, pattern: string, caseSensitive = false) =>
  answer({ type: 'answer', pattern, caseSensitive }, { answer: given } as CheckContext);

describe('unwrapAnswer', () => {
  it('drops quotes or backticks wrapped around the whole answer, repeatedly', () => {
    expect(unwrapAnswer('  `etcd`  ')).toBe('etcd');
    expect(unwrapAnswer('"`docker compose down -v`"')).toBe('docker compose down -v');
    expect(unwrapAnswer("'kube-scheduler'")).toBe('kube-scheduler');
  });

  it('drops the punctuation a sentence ends with, but not a build context', () => {
    expect(unwrapAnswer('3.')).toBe('3');
    expect(unwrapAnswer('`etcd`.')).toBe('etcd');
    expect(unwrapAnswer('"kube-scheduler".')).toBe('kube-scheduler');
    expect(unwrapAnswer('git rev-parse HEAD!')).toBe('git rev-parse HEAD');
    expect(unwrapAnswer('docker buildx build --cache-to type=registry,ref=r/x:cache .')).toBe('docker buildx build --cache-to type=registry,ref=r/x:cache .');
    expect(unwrapAnswer('web.shop.svc.cluster.local.')).toBe('web.shop.svc.cluster.local');
  });

  it('reads a PID given with its label as the number', () => {
    for (const given of ['PID: 1', 'pid=1', 'PID 1', 'pid 1.', '`PID: 1`', 'process id 1', 'PID is 1']) expect(unwrapAnswer(given), given).toBe('1');
    expect(unwrapAnswer('PID 12345')).toBe('12345');
    expect(unwrapAnswer('host PID: 12345')).toBe('12345');
    expect(unwrapAnswer('PID namespace')).toBe('PID namespace');
  });

  it('keeps quotes that belong to the answer', () => {
    expect(unwrapAnswer('git log -1 --format="%H"')).toBe('git log -1 --format="%H"');
    expect(unwrapAnswer('"a" or "b"')).toBe('"a" or "b"');
    expect(unwrapAnswer('`etcd')).toBe('`etcd');
    expect(unwrapAnswer('""')).toBe('""');
  });
});

describe('answer', () => {
  it('matches the pattern against the unwrapped answer, case-insensitively by default', async () => {
    expect((await ask('`FailedScheduling`', '^FailedScheduling$')).status).toBe('pass');
    expect((await ask(' "ETCD" ', '^etcd$')).status).toBe('pass');
    expect((await ask('ETCD', '^etcd$', true)).status).toBe('fail');
  });

  it('says the answer is wrong, or that there is none yet', async () => {
    expect(await ask('`kubelet`', '^scheduler$')).toMatchObject({ status: 'fail', message: '"kubelet" is not the answer' });
    expect(await ask('  ', '^etcd$')).toMatchObject({ status: 'fail', message: 'no answer given yet' });
    expect(await ask(undefined, '^etcd$')).toMatchObject({ status: 'fail', message: 'no answer given yet' });
  });
});

describe('a long answer', () => {
  it('fails as too long before any pattern runs on it (answer patterns are only fast on short text)', async () => {
    const started = Date.now();
    expect(await ask(`5${' '.repeat(100_000)}x`, '^\\W*(5|five)\\s*(replicas?|pods?)?\\W*$')).toEqual({
      status: 'fail',
      message: 'the answer is too long to check (100002 characters, limit 2000)',
      expected: 'a short answer',
    });
    expect(Date.now() - started).toBeLessThan(100);
  });
});
