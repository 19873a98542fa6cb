import type { EngineName } from '../../checker/lib/cluster-state.ts';

/** What `GET /api/environment` answers (the server builds it: site/server/environment-status.ts; the page reads it). */
export type KubernetesStatus =
  | { running: true; engine: EngineName; context: string; version?: string }
  | { running: false; start: string; reason: string; engine?: EngineName; context?: string };

export type DockerStatus =
  | { running: true; endpoint: string; version?: string; apiVersion?: string }
  | { running: false; start: string; reason: string; endpoint: string };

/** The lab cluster being brought up by `npm start`, while it runs. */
export interface StartingStatus {
  command: string;
  /** ISO time it was started. */
  since: string;
  /** The latest progress line it printed, if any. */
  lastLine?: string;
  /** The step and an estimate, from the start's progress file: "building kube-apiserver, 2 of 8, about 6 min left". */
  progress?: string;
}

/** The last bring-up by `npm start`, when it failed. */
export interface StartFailedStatus extends StartingStatus {
  endedAt: string;
  exitCode: number | null;
}

/** `GET /api/environment`: which lab engines are up, or how to start them. */
export interface EnvironmentStatus {
  kubernetes: KubernetesStatus;
  docker: DockerStatus;
  starting?: StartingStatus;
  startFailed?: StartFailedStatus;
}
