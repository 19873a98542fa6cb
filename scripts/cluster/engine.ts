import type { EngineName } from '../../checker/lib/cluster-state.ts';
import type { Logger } from '../../checker/lib/logger.ts';

/** Whether an engine can run on this machine, and if not, what to do about it. */
export type Availability = { ok: true } | { ok: false; reason: string; fix: string };

export interface UpOptions {
  /** Fixed API server port (kwok) — otherwise a free one is chosen. */
  port?: number;
  /** Worker nodes to have (kwok: simulated nodes; kind: worker containers). */
  nodes: number;
  /** Called when the builds are done and the cluster itself starts (the start's progress counts it as its last step). */
  onBuilt?: () => void;
}

export interface ClusterInfo {
  engine: EngineName;
  kubeconfig: string;
  context: string;
  /** Folder with a kubectl matching the cluster, when the engine brings one. */
  binDir?: string;
}

/**
 * One way of running the lab cluster. Implementations shell out to their tool
 * (kind, kwokctl) or only record the user's context (existing). Every method is
 * safe to call twice.
 */
export interface ClusterEngine {
  readonly name: EngineName;
  /** Can it run here? Cheap: no cluster is created. `requested`: the user named this engine (it may then build what it lacks). */
  detect(options?: { requested?: boolean }): Promise<Availability>;
  /** Is the lab cluster already present on this engine? */
  exists(): Promise<boolean>;
  /** Create the cluster if absent, or start it if stopped; returns how to reach it. */
  up(options: UpOptions): Promise<ClusterInfo>;
  /** Delete the cluster (for `existing`: only forget it). */
  down(): Promise<void>;
  /** How to reach it, without creating anything. */
  info(): ClusterInfo;
}

export interface EngineContext {
  env: NodeJS.ProcessEnv;
  logger: Logger;
}
