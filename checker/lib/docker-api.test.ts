import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createDemuxer,
  createJsonLineSplitter,
  demuxDockerStream,
  dockerQuery,
  parseDockerHost,
  resolveDockerEndpoint,
  splitImageRef,
  tarArchive,
  type EndpointLookup,
} from './docker-api.ts';

function frame(stream: number, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe('demuxDockerStream', () => {
  it('splits stdout and stderr frames in order', () => {
    const data = Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err 1\n'), frame(1, 'out 2\n'), frame(0, 'stdin echo\n')]);
    expect(demuxDockerStream(data)).toEqual({ stdout: 'out 1\nout 2\nstdin echo\n', stderr: 'err 1\n' });
  });

  it('handles frames and multi-byte characters cut across chunks', () => {
    const data = Buffer.concat([frame(1, Buffer.from('héllo ')), frame(1, Buffer.from('wörld ✓\n')), frame(2, 'oops')]);
    const d = createDemuxer();
    // One byte at a time: every header and every character is split.
    for (const byte of data) d.push(Buffer.from([byte]));
    expect(d.end()).toEqual({ stdout: 'héllo wörld ✓\n', stderr: 'oops' });
  });

  it('accepts an empty stream and empty frames', () => {
    expect(demuxDockerStream(Buffer.alloc(0))).toEqual({ stdout: '', stderr: '' });
    expect(demuxDockerStream(frame(1, ''))).toEqual({ stdout: '', stderr: '' });
  });

  it('refuses a stream cut in the middle of a frame', () => {
    const data = frame(1, 'hello');
    expect(() => demuxDockerStream(data.subarray(0, data.length - 2))).toThrow(/ended in the middle of a frame/);
  });

  it('refuses raw TTY output instead of returning garbage', () => {
    expect(() => demuxDockerStream(Buffer.from('plain text from a tty\n'))).toThrow(/with a TTY/);
  });
});

describe('parseDockerHost', () => {
  it('reads unix sockets, bare paths and tcp addresses', () => {
    expect(parseDockerHost('unix:///var/run/docker.sock')).toEqual({ kind: 'unix', socketPath: '/var/run/docker.sock' });
    expect(parseDockerHost('/run/user/1000/docker.sock')).toEqual({ kind: 'unix', socketPath: '/run/user/1000/docker.sock' });
    expect(parseDockerHost('tcp://127.0.0.1:2375')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 2375 });
    expect(parseDockerHost('tcp://localhost')).toEqual({ kind: 'tcp', host: 'localhost', port: 2375 });
  });

  it('explains what it cannot use', () => {
    expect(() => parseDockerHost('unix://var/run/docker.sock')).toThrow(/absolute socket path/);
    expect(() => parseDockerHost('ssh://me@box')).toThrow(/not supported/);
    expect(() => parseDockerHost('npipe:////./pipe/docker_engine')).toThrow(/not supported/);
  });
});

describe('resolveDockerEndpoint', () => {
  const files = (entries: Record<string, string>): EndpointLookup => ({
    exists: (p) => p in entries,
    readText: (p) => entries[p],
  });

  it('prefers DOCKER_HOST', () => {
    expect(resolveDockerEndpoint({ DOCKER_HOST: 'unix:///tmp/d.sock', HOME: '/h' }, files({ '/var/run/docker.sock': '' }))).toEqual({
      kind: 'unix',
      socketPath: '/tmp/d.sock',
    });
  });

  it('refuses TLS endpoints rather than talking plain HTTP to them', () => {
    expect(() => resolveDockerEndpoint({ DOCKER_HOST: 'tcp://box:2376', DOCKER_TLS_VERIFY: '1' }, files({}))).toThrow(/TLS/);
  });

  it('follows the current docker context, as the CLI does', () => {
    const hash = createHash('sha256').update('desktop-linux').digest('hex');
    const lookup = files({
      '/h/.docker/config.json': JSON.stringify({ currentContext: 'desktop-linux' }),
      [`/h/.docker/contexts/meta/${hash}/meta.json`]: JSON.stringify({ Endpoints: { docker: { Host: 'unix:///h/.docker/run/docker.sock' } } }),
      '/var/run/docker.sock': '',
    });
    expect(resolveDockerEndpoint({ HOME: '/h' }, lookup)).toEqual({ kind: 'unix', socketPath: '/h/.docker/run/docker.sock' });
  });

  it('uses /var/run/docker.sock, then per-user sockets that exist', () => {
    expect(resolveDockerEndpoint({ HOME: '/h' }, files({ '/var/run/docker.sock': '' }))).toEqual({ kind: 'unix', socketPath: '/var/run/docker.sock' });
    expect(resolveDockerEndpoint({ HOME: '/h', XDG_RUNTIME_DIR: '/run/user/1000' }, files({ '/run/user/1000/docker.sock': '' }))).toEqual({
      kind: 'unix',
      socketPath: '/run/user/1000/docker.sock',
    });
    expect(resolveDockerEndpoint({ HOME: '/h' }, files({}))).toEqual({ kind: 'unix', socketPath: '/var/run/docker.sock' });
  });
});

describe('dockerQuery', () => {
  it('encodes filters as the JSON map the engine expects and drops undefined values', () => {
    const q = dockerQuery({ all: true, filters: { label: ['org.kubecamp.lab=x'] }, name: undefined });
    expect(new URLSearchParams(q.slice(1)).get('filters')).toBe('{"label":["org.kubecamp.lab=x"]}');
    expect(q).toContain('all=true');
    expect(q).not.toContain('name');
    expect(dockerQuery({})).toBe('');
  });
});

describe('createJsonLineSplitter', () => {
  it('parses values split across chunks', () => {
    const seen: unknown[] = [];
    const s = createJsonLineSplitter((v) => seen.push(v));
    s.push('{"a":1}\n{"b"');
    s.push(':2}\n\n{"c":3}');
    s.end();
    expect(seen).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  });
});

describe('splitImageRef', () => {
  it('tells tags from registry ports', () => {
    expect(splitImageRef('nginx:1.27-bookworm')).toEqual({ name: 'nginx', tag: '1.27-bookworm' });
    expect(splitImageRef('localhost:5000/app')).toEqual({ name: 'localhost:5000/app', tag: 'latest' });
    expect(splitImageRef('localhost:5000/app:v2')).toEqual({ name: 'localhost:5000/app', tag: 'v2' });
    expect(splitImageRef('busybox')).toEqual({ name: 'busybox', tag: 'latest' });
    expect(splitImageRef('busybox@sha256:abc')).toEqual({ name: 'busybox@sha256:abc', tag: '' });
  });
});

describe('tarArchive', () => {
  it('writes archives that GNU tar reads back', async () => {
    const { execFileSync } = await import('node:child_process');
    const archive = tarArchive([
      { path: 'Dockerfile', content: 'FROM busybox:1.37\nCMD ["echo", "hé"]\n' },
      { path: 'bin/run.sh', content: '#!/bin/sh\necho hi\n', mode: 0o755 },
    ]);
    expect(archive.length % 512).toBe(0);
    expect(execFileSync('tar', ['-tvf', '-'], { input: archive }).toString()).toMatch(/-rw-r--r-- .*Dockerfile\n-rwxr-xr-x .*bin\/run\.sh/);
    expect(execFileSync('tar', ['-xOf', '-', 'Dockerfile'], { input: archive }).toString()).toBe('FROM busybox:1.37\nCMD ["echo", "hé"]\n');
  });
});
