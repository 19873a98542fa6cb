import { runMain } from '../../checker/lib/main.ts';
import { run } from './cli.ts';

await runMain(run);
