/** What checks need of the Docker engine; implemented over checker/lib/docker-api.ts. */
export interface ExecOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** How a container run from an image for a while went (DockerView.trialRun). */
export interface TrialRun {
  /** Still running when the time was up. */
  running: boolean;
  /** How it ended, when it stopped. */
  exitCode?: number;
  oomKilled?: boolean;
  /** How long it ran, in ms. */
  ranMs: number;
  /** Its output (stdout and stderr), the last lines. */
  output: string;
  /** The engine refused to create or start it (`docker run` would say the same). */
  error?: string;
}

export interface TrialRunOptions {
  env: Record<string, string>;
  seconds: number;
  /** Stop waiting early once the output matches (the container must still be running then). */
  until?: RegExp;
}

export interface DockerView {
  inspectImage(ref: string): Promise<any | null>;
  inspectContainer(name: string): Promise<any | null>;
  listContainers(filters: Record<string, string[]>): Promise<any[]>;
  exec(container: string, command: string[], options?: { user?: string }): Promise<ExecOutput>;
  inspectNetwork(name: string): Promise<any | null>;
  inspectVolume(name: string): Promise<any | null>;
  /**
   * Run a throwaway container from an image (by ID) as `docker run` would, without a network,
   * for up to `seconds`, then remove it. The same image and options give the remembered result.
   */
  trialRun(imageId: string, options: TrialRunOptions): Promise<TrialRun>;
}
