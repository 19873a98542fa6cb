import { resolve } from 'node:path';
import type { CheckOf } from '../schemas/check.ts';
import type { CheckContext } from '../engine/context.ts';
import { ContextError } from '../lib/errors.ts';
import { importTypeScript } from '../lib/compiled.ts';
import type { Outcome } from '../engine/outcome.ts';

/** A lab's own TypeScript check: `export default (ctx, options) => Outcome`. */
export type CustomCheck = (ctx: CheckContext, options: Record<string, unknown>) => Outcome | Promise<Outcome>;

export async function custom(check: CheckOf<'custom'>, ctx: CheckContext): Promise<Outcome> {
  const file = resolve(ctx.labDir, check.module);
  const mod = await importTypeScript(file).catch((err) => {
    throw new ContextError(`cannot load custom check ${check.module} of lab ${ctx.lab.id}`, { cause: err });
  });
  if (typeof mod.default !== 'function') throw new ContextError(`${check.module} of lab ${ctx.lab.id} has no default export function`);
  return (mod.default as CustomCheck)(ctx, check.options);
}
