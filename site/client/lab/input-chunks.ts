/**
 * Terminal input in pieces small enough for one socket message each: a paste
 * of any size must not reach the server's message limit (which closes the
 * socket). A piece of `maxChars` UTF-16 units is at most 6 bytes a unit once
 * JSON-escaped (`\u0001`), far under the limit. Surrogate pairs stay whole.
 */
export function inputChunks(data: string, maxChars = 16 * 1024): string[] {
  if (data.length <= maxChars) return [data];
  const pieces: string[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(data.length, start + maxChars);
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end--;
    pieces.push(data.slice(start, end));
    start = end;
  }
  return pieces;
}
