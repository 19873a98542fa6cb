import { describe, expect, it } from 'vitest';
import { compileRoute, matchRoute } from './route-match.ts';

describe('matchRoute', () => {
  const file = compileRoute('/api/labs/:id/files/*');

  it('names segments and the rest of the path, decoded', () => {
    expect(matchRoute(file, '/api/labs/deployments/files/k8s/my%20app.yaml')).toEqual({ id: 'deployments', '*': 'k8s/my app.yaml' });
    expect(matchRoute(compileRoute('/api/labs/:id'), '/api/labs/pods/')).toEqual({ id: 'pods' });
  });

  it('keeps an encoded slash inside its segment, where path checks see it', () => {
    expect(matchRoute(file, '/api/labs/x/files/..%2F..%2Fetc%2Fpasswd')).toEqual({ id: 'x', '*': '../../etc/passwd' });
    expect(matchRoute(compileRoute('/api/labs/:id'), '/api/labs/a%2Fb')).toEqual({ id: 'a/b' });
  });

  it('does not match other paths or bad escapes', () => {
    expect(matchRoute(file, '/api/labs/x/files/')).toBeUndefined();
    expect(matchRoute(file, '/api/labs/x/file/a')).toBeUndefined();
    expect(matchRoute(file, '/api/labs/x/files/%E0%A4%A')).toBeUndefined();
    expect(matchRoute(compileRoute('/api/health'), '/api/healthz')).toBeUndefined();
  });
});
