import { join } from 'node:path';

/**
 * Where lab.yaml files are read while the site is built. Pages are rendered
 * from bundled chunks in `dist/`, so paths relative to a module are wrong
 * there; `astro build` runs in the project root.
 */
export const buildLabsRoot = (): string => join(process.cwd(), 'labs');
