import { describe, expect, it } from 'vitest';
import { maxSocketMessageBytes } from '../../shared/lab-view.ts';
import { inputChunks } from './input-chunks.ts';

describe('inputChunks', () => {
  it('sends short input as it is', () => {
    expect(inputChunks('ls -l\r')).toEqual(['ls -l\r']);
  });

  it('cuts a large paste into messages under the server limit that join back to it', () => {
    const paste = 'plain text \u0001\u001b[1m \u00e9 \ud83d\ude80 "quoted"\\\n'.repeat(20_000);
    expect(paste.length).toBeGreaterThan(600_000);
    const pieces = inputChunks(paste);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(paste);
    for (const piece of pieces) expect(Buffer.byteLength(JSON.stringify({ type: 'input', data: piece }))).toBeLessThan(maxSocketMessageBytes);
  });

  it('never splits a surrogate pair', () => {
    const pieces = inputChunks('a\ud83d\ude80b', 2);
    expect(pieces).toEqual(['a', '\ud83d\ude80', 'b']);
  });
});
