import { parentPort } from 'node:worker_threads';
import { evaluateCheck } from '../checks/registry.ts';
import { filesView } from '../environments/files-view.ts';
import { noopLogger } from '../lib/logger.ts';
import type { CheckContext } from './context.ts';
import { EnvironmentUnavailable, thrownOutcome } from './outcome.ts';
import type { IsolatedJob, IsolatedReply } from './check-isolation.ts';

const port = parentPort!;
const notHere = (): never => {
  throw new EnvironmentUnavailable('checks on workspace files do not reach the engines');
};

port.on('message', async (job: IsolatedJob) => {
  const ctx: CheckContext = {
    lab: job.lab,
    labDir: job.labDir,
    task: job.task,
    namespace: job.namespace,
    answer: job.answer,
    kube: notHere,
    docker: notHere,
    sandbox: notHere,
    files: filesView(job.workspace),
    logger: noopLogger,
  };
  let reply: IsolatedReply;
  try {
    reply = { id: job.id, outcome: await evaluateCheck(job.check, ctx) };
  } catch (err) {
    reply = { id: job.id, outcome: thrownOutcome(err) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
