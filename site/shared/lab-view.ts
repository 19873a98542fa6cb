import type { EnvironmentName, LabNeed } from '../../checker/schemas/lab.ts';
import type { LabResult } from '../../checker/schemas/result.ts';

/** `GET /api/labs`: one row per lab. */
export interface LabSummary {
  id: string;
  title: string;
  /** Lesson slug, e.g. `kubernetes/deployments`. */
  lesson: string;
  minutes: number;
  environments: EnvironmentName[];
  /** What the lab needs of its cluster (`running-containers`: kind, not the Docker-free engine's simulated kubelets). */
  needs: LabNeed[];
  taskIds: string[];
}

/** A task as the pane shows it: never its checks, and so never the solution. */
export interface LabTaskView {
  id: string;
  title: string;
  /** Markdown. */
  description: string;
  hints: string[];
  /** Answer tasks: the question; the pane shows an input for it. */
  question?: string;
  /** What the task's checks need of the cluster: `running-containers` when they read logs, run commands or send requests in containers. */
  needs?: LabNeed[];
}

/** A lab's known-wrong variant as the pane shows it (from `wrong/<variant>/variant.yaml`). */
export interface KnownMistake {
  /** A fragment of the failure message that identifies the mistake (matched case-insensitively). */
  message: string;
  /** What the learner did and what it does: shown as "Common mistake: …". */
  description: string;
  /** The task's hint that fits, counted from 1. */
  hint?: number;
}

/** `GET /api/labs/:id`: what the pane needs to open a lab. */
export interface LabView extends LabSummary {
  tasks: LabTaskView[];
  /** The starter files, opened in editor tabs (paths relative to the workspace). */
  files: string[];
  namespace: string;
  /** Where the learner's files are on this machine. */
  workspace: string;
  /** Typed answers so far, by task id. */
  answers: Record<string, string>;
  /** Known mistakes by task id, to explain a failure whose message matches one. */
  mistakes: Record<string, KnownMistake[]>;
}

/** `GET /api/labs/:id/solution`: the learner's files beside the reference solution's. */
export interface SolutionDiff {
  files: { path: string; learner: string | null; solution: string }[];
}

/** Whether the engines a lab needs are up, and if not, what starts them. */
export interface Readiness {
  ready: boolean;
  /** Why not, for a person ("Kubernetes is not running"). */
  message?: string;
  /** The command that starts what is missing. */
  command?: string;
}

/** Messages on the live-status socket `/api/labs/:id/live`, server → browser. */
export type LiveMessage =
  | { type: 'result'; source: 'live' | 'check'; result: LabResult }
  | { type: 'readiness'; readiness: Readiness }
  | { type: 'reset'; at: string }
  | { type: 'problem'; message: string };

/** Messages on a terminal socket `/api/labs/:id/terminal`. */
export type TerminalServerMessage =
  /**
   * First message: the session (new or resumed). Output follows from position
   * `start` of the shell's output; with `restart` the browser clears the screen
   * first, since what it has is no longer contiguous with what follows.
   */
  | { type: 'session'; id: string; resumed: boolean; restart: boolean; start: number }
  | { type: 'output'; data: string }
  | { type: 'exit'; reason: string };

export type TerminalClientMessage = { type: 'input'; data: string } | { type: 'resize'; cols: number; rows: number };

/** A socket message above this closes the socket (1009): the browser sends input in pieces well under it. */
export const maxSocketMessageBytes = 256 * 1024;

/** Terminal close code when the server's terminal caps refuse a new shell (1013: try again later). */
export const terminalLimitCloseCode = 1013;
