/**
 * The last `capacity` characters written, for replaying a terminal's
 * scrollback to a browser that reconnects. Chunks are kept as written and the
 * oldest dropped (the first one trimmed), so appending is cheap.
 */
export class RingBuffer {
  private chunks: string[] = [];
  private length = 0;
  /** Characters ever pushed: a reader's position in the stream. */
  private written = 0;

  constructor(readonly capacity: number) {
    if (!(capacity > 0)) throw new RangeError('a ring buffer needs a positive capacity');
  }

  push(chunk: string): void {
    if (!chunk) return;
    this.written += chunk.length;
    if (chunk.length >= this.capacity) {
      this.chunks = [chunk.slice(chunk.length - this.capacity)];
      this.length = this.capacity;
      return;
    }
    this.chunks.push(chunk);
    this.length += chunk.length;
    while (this.length > this.capacity) {
      const over = this.length - this.capacity;
      const first = this.chunks[0]!;
      if (first.length <= over) {
        this.chunks.shift();
        this.length -= first.length;
      } else {
        this.chunks[0] = first.slice(over);
        this.length -= over;
      }
    }
  }

  /** Everything kept, oldest first. */
  contents(): string {
    if (this.chunks.length > 1) this.chunks = [this.chunks.join('')];
    return this.chunks[0] ?? '';
  }

  get size(): number {
    return this.length;
  }

  get total(): number {
    return this.written;
  }

  /**
   * What came after position `seen` (a count of characters the reader already
   * has), or undefined when part of it was dropped and the reader must start
   * over from `contents()`.
   */
  since(seen: number): string | undefined {
    if (!Number.isInteger(seen) || seen < 0 || seen > this.written) return undefined;
    const missing = this.written - seen;
    if (missing > this.length) return undefined;
    const all = this.contents();
    return all.slice(all.length - missing);
  }
}
