import { main } from './run-tests.ts';

process.exitCode = await main(process.argv.slice(2));
