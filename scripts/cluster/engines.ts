import { ContextError } from '../../checker/lib/errors.ts';
import { engineNames, type EngineName } from '../../checker/lib/cluster-state.ts';
import type { ClusterEngine, EngineContext } from './engine.ts';
import { existingEngine } from './existing-engine.ts';
import { kindEngine } from './kind-engine.ts';
import { kwokEngine } from './kwok-engine.ts';

const factories: Record<EngineName, (ctx: EngineContext) => ClusterEngine> = {
  kind: kindEngine,
  kwok: kwokEngine,
  existing: existingEngine,
};

export function parseEngineName(value: string): EngineName {
  if ((engineNames as readonly string[]).includes(value)) return value as EngineName;
  throw new ContextError(`unknown engine "${value}"`, { fix: `use --engine ${engineNames.join('|')}` });
}

export function engineFor(name: EngineName, ctx: EngineContext): ClusterEngine {
  return factories[name](ctx);
}

/**
 * The engine to use: the one asked for (failing with its fix if it cannot run
 * here), else kind when Docker and kind are usable, else the Docker-free kwok.
 */
export async function chooseEngine(requested: EngineName | undefined, ctx: EngineContext): Promise<ClusterEngine> {
  if (requested) {
    const engine = engineFor(requested, ctx);
    const availability = await engine.detect({ requested: true });
    if (!availability.ok) throw new ContextError(`the ${requested} engine cannot run here: ${availability.reason}`, { fix: availability.fix });
    return engine;
  }
  const kind = engineFor('kind', ctx);
  const kindAvailability = await kind.detect();
  if (kindAvailability.ok) return kind;
  ctx.logger.info(`using the Docker-free control plane (kwok): ${kindAvailability.reason}`);
  const kwok = engineFor('kwok', ctx);
  const kwokAvailability = await kwok.detect();
  if (!kwokAvailability.ok) {
    throw new ContextError(`no cluster engine can run here: ${kindAvailability.reason}; ${kwokAvailability.reason}`, {
      fix: `${kindAvailability.fix}; or ${kwokAvailability.fix}`,
    });
  }
  return kwok;
}
