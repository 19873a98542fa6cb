import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer.ts';

describe('RingBuffer', () => {
  it('keeps the last characters written', () => {
    const b = new RingBuffer(5);
    b.push('abc');
    b.push('def');
    expect(b.contents()).toBe('bcdef');
    b.push('0123456789');
    expect(b.contents()).toBe('56789');
    expect(b.size).toBe(5);
    expect(b.total).toBe(16);
  });

  it('gives a reader what came after its position while the buffer holds it', () => {
    const b = new RingBuffer(8);
    b.push('hello ');
    b.push('world');
    expect(b.since(6)).toBe('world');
    expect(b.since(11)).toBe('');
    expect(b.since(3)).toBe('lo world');
    expect(b.since(2)).toBeUndefined();
    expect(b.since(12)).toBeUndefined();
    expect(b.since(-1)).toBeUndefined();
  });

  it('refuses a capacity that is not positive', () => {
    expect(() => new RingBuffer(0)).toThrow('positive capacity');
  });
});
