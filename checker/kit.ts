/**
 * The kit for a lab's own checks (`labs/<id>/checks/*.ts`, `type: custom`):
 * the one module they import from the checker. What is here is the contract;
 * everything else in checker/ may change without notice to labs (an import
 * test holds custom checks to it: checker/import-directions.test.ts).
 *
 * A custom check is `export default (ctx: CheckContext, options) => Outcome`.
 */
export type { CheckContext } from './engine/context.ts';
export type { CustomCheck } from './checks/custom.ts';
export { pass, fail, type Outcome } from './engine/outcome.ts';
export { looseEquals, show } from './engine/assert.ts';
export { unwrapAnswer } from './checks/answer.ts';
export { matchesSelector, selectorFromMap } from './engine/labels.ts';
export { readSelector, selectorOf, selects, describeSelector, describeLabels, type Labels, type Selector } from './semantics/label-selector.ts';
export { sameImage, imageMatches, familiarImage, parseImageReference } from './semantics/image-reference.ts';
export { resolvePort, describePort, podSpecOf } from './semantics/ports.ts';
export { decodeSecretValue } from './semantics/secret-value.ts';
export { effectiveEnv, describeOrigin, showEnvValue, sourcesByName, type Environment, type EnvSources, type EnvVar } from './semantics/env.ts';
