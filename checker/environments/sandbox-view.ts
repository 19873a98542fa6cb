import type { ExecOutput } from './docker-view.ts';

/** The Linux sandbox container: commands and files inside it. */
export interface SandboxView {
  container: string;
  cgroupVersion: 1 | 2;
  exec(command: string): Promise<ExecOutput>;
}
