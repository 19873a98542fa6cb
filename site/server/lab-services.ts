import { join } from 'node:path';
import { createCheckIsolation } from '../../checker/engine/check-isolation.ts';
import { createChecker, type Checker } from '../../checker/engine/engine.ts';
import type { Environment } from '../../checker/environments/environment.ts';
import { localEnvironment } from '../../checker/environments/local.ts';
import { noopLogger, type Logger } from '../../checker/lib/logger.ts';
import { paths } from '../../checker/lib/paths.ts';
import type { EnvironmentName } from '../../checker/schemas/lab.ts';
import { labReadiness } from '../shared/readiness.ts';
import type { EnvironmentStatus } from './environment-status.ts';
import { createLabCatalog, type LabCatalogOptions } from './lab-catalog.ts';
import { createLabPreparation } from './lab-preparation.ts';
import type { LabSocketsOptions } from './lab-sockets.ts';
import type { LabsApiDeps } from './labs-api.ts';
import { createLiveHub } from './live-hub.ts';
import { createProgressStore, defaultProgressFile } from './progress-store.ts';
import { spawnLabShell } from './terminal-shell.ts';
import { createTerminalSessions } from './terminal-sessions.ts';

export interface LabServicesOptions extends Omit<LabCatalogOptions, 'env'> {
  env: NodeJS.ProcessEnv;
  /** The engines' state, as `/api/environment` answers it. */
  environmentStatus: () => Promise<EnvironmentStatus>;
  /** progress.json (default ~/.local/share/kubecamp/progress.json, or `KUBECAMP_PROGRESS`). */
  progressFile?: string;
  /** The engines checks and resets use (default: this machine's). */
  environment?: Environment;
  checker?: Checker;
  /** Time limit of one check on learner files (default 10 s). */
  checkTimeoutMs?: number;
  /** How often a watched lab's engines are asked about (default 3 s). */
  readinessPollMs?: number;
  logger?: Logger;
  /** Terminal caps (defaults in terminal-sessions.ts). */
  maxPerLab?: number;
  maxTotal?: number;
}

/** Everything behind the lab pane, built once per server: the API's and the sockets' shared parts. */
export function createLabServices(options: LabServicesOptions): {
  api: LabsApiDeps;
  sockets: Omit<LabSocketsOptions, 'gate'>;
  close(): void;
} {
  const logger = options.logger ?? noopLogger;
  const environment = options.environment ?? localEnvironment(options.env);
  // Checks on learner files run in a worker with a time limit: a hostile file cannot stall shells and pages.
  const isolation = options.checker ? undefined : createCheckIsolation({ timeoutMs: options.checkTimeoutMs });
  const checker = options.checker ?? createChecker({ environment, logger, isolate: isolation?.isolate });
  const catalog = createLabCatalog(options);
  const preparation = createLabPreparation(catalog, environment);
  const readiness = async (needs: EnvironmentName[]) => labReadiness(await options.environmentStatus(), needs);
  const hub = createLiveHub({ catalog, checker, preparation, readiness, logger, pollMs: options.readinessPollMs });
  const terminals = createTerminalSessions({
    spawn: async (labId, size) => {
      const loaded = await catalog.get(labId);
      return spawnLabShell(loaded, catalog.target(labId), size);
    },
    maxPerLab: options.maxPerLab,
    maxTotal: options.maxTotal,
  });
  const progress = createProgressStore(options.progressFile ?? defaultProgressFile(options.env));
  return {
    api: { catalog, checker, environment, preparation, hub, terminals, progress, readiness, openApiCacheDir: join(paths(options.env).home, 'openapi'), logger },
    sockets: { catalog, hub, terminals, preparation, readiness },
    close() {
      hub.close();
      isolation?.close();
      terminals.closeAll();
      environment.close();
      progress.close();
    },
  };
}
