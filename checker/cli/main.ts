import { runMain } from '../lib/main.ts';
import { run } from './cli.ts';

await runMain(run);
