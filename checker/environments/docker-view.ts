/** What checks need of the Docker engine; implemented over checker/lib/docker-api.ts. */
export interface ExecOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface DockerView {
  inspectImage(ref: string): Promise<any | null>;
  inspectContainer(name: string): Promise<any | null>;
  listContainers(filters: Record<string, string[]>): Promise<any[]>;
  exec(container: string, command: string[], options?: { user?: string }): Promise<ExecOutput>;
  inspectNetwork(name: string): Promise<any | null>;
  inspectVolume(name: string): Promise<any | null>;
}
