// Entry of the worker thread that evaluates checks on learner files (see check-isolation.ts):
// registers tsx so the TypeScript checks load without a build step, wherever the parent runs.
import { register } from 'tsx/esm/api';

register();
await import('./check-worker-main.ts');
