/** The checker's public API: what the site, the `labs` CLI and the workshop server import. */
export * from './schemas/index.ts';
export { createChecker, type Checker, type CheckOptions, type LoadedLab } from './engine/engine.ts';
export type { Environment } from './environments/environment.ts';
export { localEnvironment } from './environments/local.ts';
export { findLab, loadAllLabs, loadLab, loadRightVariants, loadVariants, labIds } from './labs/load.ts';
export { validateAll } from './labs/validate.ts';
export { resetLab, solveLab } from './labs/operations.ts';
export { labSession, defaultNamespace } from './labs/session.ts';
export { defaultWorkspace } from './labs/workspace.ts';
export { readAnswers, writeAnswer } from './labs/answers.ts';
export { testLab, type HarnessReport } from './labs/harness.ts';
