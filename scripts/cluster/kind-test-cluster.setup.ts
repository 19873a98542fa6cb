import type { TestProject } from 'vitest/node';
import { createKindTestHome, deleteKindTestCluster } from './kind-test-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** KUBECAMP_HOME of the kind cluster the `kind` project's test files share. */
    kindTestHome: string;
  }
}

/** Global setup of the vitest project `kind`: one home for its test files, and the cluster deleted after the last. */
export default async function setup(project: TestProject) {
  const home = await createKindTestHome();
  project.provide('kindTestHome', home);
  return () => deleteKindTestCluster(home);
}
