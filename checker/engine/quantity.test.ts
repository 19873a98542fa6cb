import { describe, expect, it } from 'vitest';
import { parseQuantity } from './quantity.ts';

describe('parseQuantity', () => {
  it('passes finite numbers through', () => {
    expect(parseQuantity(3)).toBe(3);
    expect(parseQuantity(0.5)).toBe(0.5);
    expect(parseQuantity(-2)).toBe(-2);
    expect(parseQuantity(0)).toBe(0);
  });

  it('rejects non-finite numbers', () => {
    expect(parseQuantity(Number.NaN)).toBeNull();
    expect(parseQuantity(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('reads plain and decimal numbers as text', () => {
    expect(parseQuantity('3')).toBe(3);
    expect(parseQuantity('0.5')).toBe(0.5);
    expect(parseQuantity('.5')).toBe(0.5);
    expect(parseQuantity('5.')).toBe(5);
    expect(parseQuantity('+2')).toBe(2);
    expect(parseQuantity('-1.25')).toBe(-1.25);
    expect(parseQuantity(' 7 ')).toBe(7);
  });

  it('reads exponents', () => {
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('1E3')).toBe(1000);
    expect(parseQuantity('25e-2')).toBe(0.25);
  });

  it('reads decimal SI suffixes (CPU millicores among them)', () => {
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('250m')).toBe(0.25);
    expect(parseQuantity('1500m')).toBe(1.5);
    expect(parseQuantity('100u')).toBeCloseTo(1e-4, 15);
    expect(parseQuantity('5n')).toBeCloseTo(5e-9, 20);
    expect(parseQuantity('2k')).toBe(2000);
    expect(parseQuantity('128M')).toBe(128_000_000);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('1T')).toBe(1e12);
    expect(parseQuantity('1P')).toBe(1e15);
  });

  it('reads E as exa when no exponent digits follow', () => {
    expect(parseQuantity('1E')).toBe(1e18);
    expect(parseQuantity('2E')).toBe(2e18);
  });

  it('reads binary suffixes', () => {
    expect(parseQuantity('1Ki')).toBe(1024);
    expect(parseQuantity('256Mi')).toBe(256 * 1024 * 1024);
    expect(parseQuantity('1Gi')).toBe(1024 ** 3);
    expect(parseQuantity('1.5Gi')).toBe(1.5 * 1024 ** 3);
    expect(parseQuantity('2Ti')).toBe(2 * 1024 ** 4);
    expect(parseQuantity('1Pi')).toBe(1024 ** 5);
    expect(parseQuantity('1Ei')).toBe(1024 ** 6);
  });

  it('makes equal amounts written differently equal', () => {
    expect(parseQuantity('1Gi')).toBe(parseQuantity('1024Mi'));
    expect(parseQuantity('1Mi')).toBe(parseQuantity('1024Ki'));
    expect(parseQuantity('0.5')).toBe(parseQuantity('500m'));
    expect(parseQuantity('1')).toBe(parseQuantity('1000m'));
    expect(parseQuantity('1G')).not.toBe(parseQuantity('1Gi'));
    expect(parseQuantity('1k')).not.toBe(parseQuantity('1Ki'));
  });

  it('rejects text that is not a quantity', () => {
    for (const bad of ['', ' ', 'abc', 'Gi', '1 Gi', '1gi', '1mi', '1MB', '25%', '1.2.3', '0x10', 'm', '--1', 'Infinity', 'NaN']) {
      expect(parseQuantity(bad), bad).toBeNull();
    }
  });

  it('rejects values of other types', () => {
    expect(parseQuantity(undefined)).toBeNull();
    expect(parseQuantity(null)).toBeNull();
    expect(parseQuantity(true)).toBeNull();
    expect(parseQuantity({ cpu: '1' })).toBeNull();
    expect(parseQuantity(['1'])).toBeNull();
  });
});
