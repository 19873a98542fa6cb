import type { Lab } from '../schemas/lab.ts';
import type { Task } from '../schemas/task.ts';
import type { Logger } from '../lib/logger.ts';
import type { KubeView } from '../environments/kube-view.ts';
import type { DockerView } from '../environments/docker-view.ts';
import type { SandboxView } from '../environments/sandbox-view.ts';
import type { FilesView } from '../environments/files-view.ts';

/** What a check evaluator may use. Views throw EnvironmentUnavailable when their environment is down. */
export interface CheckContext {
  lab: Lab;
  labDir: string;
  task: Task;
  namespace: string;
  /** The learner's typed answer for this task, if any. */
  answer?: string;
  kube(): KubeView;
  docker(): DockerView;
  sandbox(): SandboxView;
  files: FilesView;
  logger: Logger;
}
