import { describe, expect, it } from 'vitest';
import { decodeSecretValue, showDecoded } from './secret-value.ts';

describe('decodeSecretValue', () => {
  it('decodes base64 data', () => {
    expect(decodeSecretValue('YXBw')).toEqual({ ok: true, text: 'app' });
    expect(decodeSecretValue('YXBwCg==')).toEqual({ ok: true, text: 'app\n' });
    expect(decodeSecretValue('')).toEqual({ ok: true, text: '' });
  });

  it('tells lengths apart that base64 hides', () => {
    const seven = Buffer.from('1234567').toString('base64');
    const eight = Buffer.from('12345678').toString('base64');
    expect(seven.length).toBe(eight.length);
    expect(decodeSecretValue(seven)).toEqual({ ok: true, text: '1234567' });
  });

  it('refuses text that is not base64', () => {
    expect(decodeSecretValue('app!')).toEqual({ ok: false, reason: '"app!" is not base64' });
    expect(decodeSecretValue(undefined)).toEqual({ ok: false, reason: 'not set' });
  });
});

describe('showDecoded', () => {
  it('shows whitespace', () => {
    expect(showDecoded('app\n')).toBe('"app\\n"');
    expect(showDecoded('a\tb ')).toBe('"a\\tb "');
  });
});
