import { describe, expect, it } from 'vitest';
import { defaultCapabilities, describeCapabilities, effectiveCapabilities, privilegeEscalation } from './capabilities.ts';

describe('effectiveCapabilities', () => {
  it('keeps the runtime default set when nothing is said', () => {
    expect(effectiveCapabilities({})).toEqual({ all: false, set: defaultCapabilities, how: "keeps the runtime's default set" });
  });

  it('drops ALL, then adds single capabilities back', () => {
    expect(effectiveCapabilities({ drop: ['ALL'] })).toEqual({ all: false, set: [], how: 'drops ALL' });
    const e = effectiveCapabilities({ drop: ['ALL'], add: ['net_bind_service', 'CAP_NET_ADMIN'] });
    expect(e).toEqual({ all: false, set: ['NET_ADMIN', 'NET_BIND_SERVICE'], how: 'drops ALL, then adds NET_BIND_SERVICE, NET_ADMIN back' });
    expect(describeCapabilities(e)).toBe('NET_ADMIN, NET_BIND_SERVICE');
  });

  it('adds without dropping: the default set plus the added ones', () => {
    expect(effectiveCapabilities({ add: ['SYS_TIME'] }).set).toEqual([...defaultCapabilities, 'SYS_TIME'].sort());
  });

  it('lets a single drop beat a single add, and reads privileged and add ALL as everything', () => {
    expect(effectiveCapabilities({ add: ['NET_ADMIN'], drop: ['NET_ADMIN'] }).set).not.toContain('NET_ADMIN');
    expect(describeCapabilities(effectiveCapabilities({ privileged: true, drop: ['ALL'] }))).toBe('every capability');
    expect(describeCapabilities(effectiveCapabilities({ add: ['ALL'], drop: ['SYS_ADMIN'] }))).toBe('every capability but SYS_ADMIN');
    expect(describeCapabilities(effectiveCapabilities({ add: ['ALL'], drop: ['ALL'] }))).toBe('no capabilities');
  });

  it('drops single capabilities from the default set', () => {
    const e = effectiveCapabilities({ drop: ['NET_RAW'] });
    expect(e.set).toEqual(defaultCapabilities.filter((c) => c !== 'NET_RAW'));
    expect(e.how).toBe('drops NET_RAW');
  });
});

describe('privilegeEscalation', () => {
  it('is blocked only by allowPrivilegeEscalation: false, and never with privileged or CAP_SYS_ADMIN', () => {
    expect(privilegeEscalation({ allowPrivilegeEscalation: false })).toEqual({ allowed: false, why: 'allowPrivilegeEscalation is false' });
    expect(privilegeEscalation({})).toEqual({ allowed: true, why: 'allowPrivilegeEscalation is not set (it defaults to true)' });
    expect(privilegeEscalation({ allowPrivilegeEscalation: false, privileged: true })).toEqual({ allowed: true, why: 'it runs privileged' });
    expect(privilegeEscalation({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } })).toEqual({ allowed: true, why: 'it has CAP_SYS_ADMIN' });
  });
});
