/**
 * Secret values as the Pod sees them: `data` is base64 (the API server returns
 * `stringData` encoded into `data`), so a rule on a password's length or content
 * must read the decoded text — 7 and 8 characters both encode to 12.
 */
export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

export function decodeSecretValue(value: unknown): Decoded {
  if (value === undefined || value === null) return { ok: false, reason: 'not set' };
  const text = String(value).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) return { ok: false, reason: `${JSON.stringify(String(value))} is not base64` };
  return { ok: true, text: Buffer.from(text, 'base64').toString('utf8') };
}

/** A decoded value quoted with its whitespace visible: `"app\n"`, `"app "` — a stray newline from `echo` shows. */
export function showDecoded(text: string): string {
  return JSON.stringify(text).replace(/\t/g, '\\t');
}
