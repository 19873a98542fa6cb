import { z } from 'zod';

/**
 * One action of setup, reset, a solution or a wrong variant, run with the lab's
 * environment (KUBECONFIG pointing at the lab namespace, LAB_NAMESPACE,
 * LAB_WORKSPACE, PATH with kubectl) and the workspace as working directory.
 */
export const stepSchema = z.union([
  z.object({ apply: z.string().describe('Manifest file or folder in the workspace, applied with `kubectl apply -f`.') }).strict(),
  z.object({ run: z.string().describe('Shell command on this machine (`sh -c`).') }).strict(),
  z.object({ sandbox: z.string().describe('Shell command inside the Linux sandbox container.') }).strict(),
], { errorMap: () => ({ message: 'expected one of {apply: file}, {run: command} or {sandbox: command}' }) });
export type Step = z.infer<typeof stepSchema>;
