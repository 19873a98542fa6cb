// Types of inputs.mjs (plain JavaScript: bin/labs.mjs reads it before TypeScript can run).
export const repoRoot: string;
export const outDirName: string;
export function labCheckFiles(root?: string): string[];
export function inputFiles(root?: string): string[];
export function fingerprint(root?: string): string;
export function compiledEntry(root?: string): string | null;
