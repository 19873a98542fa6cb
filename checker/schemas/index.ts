export * from './assertion.ts';
export * from './check.ts';
export * from './lab.ts';
export * from './parse.ts';
export * from './step.ts';
export * from './task.ts';
export * from './track.ts';
export * from './result.ts';
