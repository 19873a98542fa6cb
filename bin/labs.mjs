#!/usr/bin/env node
// The `labs` command. It runs the compiled CLI (dist-cli/, built by `npm install` through `prepare`,
// or `npm run build:cli`) while that build matches the sources: scripts/cli-build/inputs.mjs compares
// a fingerprint of every source file's path, size and modification time with the one the build wrote.
// Otherwise, or with KUBECAMP_LABS_FROM_SOURCE=1, it runs the TypeScript sources through tsx.
import { compiledEntry } from '../scripts/cli-build/inputs.mjs';

const entry = process.env.KUBECAMP_LABS_FROM_SOURCE === '1' ? null : compiledEntry();
if (entry) {
  await import(entry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../checker/cli/main.ts');
}
