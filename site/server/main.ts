import { runMain } from '../../checker/lib/main.ts';
import { run } from './server.ts';

await runMain(run);
