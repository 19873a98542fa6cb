import { describe, expect, it } from 'vitest';
import { describeApiError, fileUrl, socketUrl } from './api-client.ts';

describe('api client helpers', () => {
  it('reads the error and fix of our JSON errors, and falls back for others', () => {
    expect(describeApiError(404, { error: 'unknown lab "x"', fix: 'known labs: a, b', known: ['a', 'b'] })).toEqual({ message: 'unknown lab "x"', fix: 'known labs: a, b' });
    expect(describeApiError(500, { error: 'boom' })).toEqual({ message: 'boom' });
    expect(describeApiError(502, '<html>')).toEqual({ message: 'the server answered HTTP 502' });
    expect(describeApiError(0, undefined)).toEqual({ message: 'the kubecamp server does not answer' });
  });

  it('encodes each segment of a file path', () => {
    expect(fileUrl('deployments', 'k8s/my file.yaml')).toBe('/api/labs/deployments/files/k8s/my%20file.yaml');
    expect(fileUrl('x', 'a?b#c')).toBe('/api/labs/x/files/a%3Fb%23c');
  });

  it('builds socket URLs for the page origin', () => {
    expect(socketUrl('/api/labs/x/live', { protocol: 'http:', host: '127.0.0.1:4321' })).toBe('ws://127.0.0.1:4321/api/labs/x/live');
    expect(socketUrl('/api/labs/x/live', { protocol: 'https:', host: 'lab.example' })).toBe('wss://lab.example/api/labs/x/live');
  });
});
