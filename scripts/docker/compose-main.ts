import { runMain } from '../../checker/lib/main.ts';
import { run } from './compose-cli.ts';

await runMain(run);
