import type { Checker } from '../../checker/engine/engine.ts';
import { readAnswers } from '../../checker/labs/answers.ts';
import type { EnvironmentName } from '../../checker/schemas/lab.ts';
import { formatError } from '../../checker/lib/errors.ts';
import { noopLogger, type Logger } from '../../checker/lib/logger.ts';
import type { LiveMessage, Readiness } from '../shared/lab-view.ts';
import type { LabCatalog } from './lab-catalog.ts';
import type { LabPreparation } from './lab-preparation.ts';

export interface LiveHubOptions {
  catalog: LabCatalog;
  checker: Checker;
  preparation: LabPreparation;
  /** Whether the engines a lab needs are up (from the cached environment status). */
  readiness: (needs: EnvironmentName[]) => Promise<Readiness>;
  logger?: Logger;
  /** How often the engines are asked about while someone watches a lab. Default 3 s. */
  pollMs?: number;
}

type Send = (message: LiveMessage) => void;

export interface LiveHub {
  /** Receive a lab's live messages: the current readiness and latest result at once, then every change. */
  subscribe(labId: string, send: Send): () => void;
  publish(labId: string, message: LiveMessage): void;
  /** Start the lab's watch again (its namespace or answers changed). */
  restart(labId: string): Promise<void>;
  /** The latest readiness seen for a lab being watched, if any. */
  readiness(labId: string): Readiness | undefined;
  close(): void;
}

interface LabState {
  subscribers: Set<Send>;
  readiness?: Readiness;
  last?: LiveMessage;
  stopWatch?: () => void;
  timer?: NodeJS.Timeout;
  ticking?: Promise<void>;
}

const same = (a?: Readiness, b?: Readiness) => a?.ready === b?.ready && a?.message === b?.message && a?.command === b?.command;

/**
 * One `checker.watch` per lab that someone has open, shared by all its
 * sockets: results are pushed as the cluster or Docker engine changes, so the
 * browser never polls. While the lab's engines are down the watch is stopped
 * and the readiness message says what starts them; it resumes by itself.
 */
export function createLiveHub(options: LiveHubOptions): LiveHub {
  const logger = options.logger ?? noopLogger;
  const labs = new Map<string, LabState>();
  const pollMs = options.pollMs ?? 3000;

  function publish(labId: string, message: LiveMessage) {
    const state = labs.get(labId);
    if (!state) return;
    if (message.type === 'result') state.last = message;
    if (message.type === 'reset') state.last = undefined;
    for (const send of state.subscribers) send(message);
  }

  async function startWatch(labId: string, state: LabState) {
    const loaded = await options.catalog.get(labId);
    await options.preparation.prepare(loaded, { environmentReady: true });
    const target = options.catalog.target(labId);
    // A slip in answers.yaml is the learner's to fix: say where, and keep checking everything else.
    const answers = await readAnswers(target.workspace).catch((err) => {
      publish(labId, { type: 'problem', message: formatError(err) });
      return {};
    });
    const stop = await options.checker.watch(
      loaded,
      { namespace: target.namespace, workspace: target.workspace, answers },
      (result) => publish(labId, { type: 'result', source: 'live', result }),
      (err) => publish(labId, { type: 'problem', message: formatError(err) }),
    );
    if (labs.get(labId) !== state || state.subscribers.size === 0 || !state.readiness?.ready) stop();
    else state.stopWatch = stop;
  }

  function stopWatch(state: LabState) {
    state.stopWatch?.();
    state.stopWatch = undefined;
  }

  async function tick(labId: string, state: LabState): Promise<void> {
    let readiness: Readiness;
    try {
      const loaded = await options.catalog.get(labId);
      readiness = await options.readiness(loaded.lab.environments);
    } catch (err) {
      publish(labId, { type: 'problem', message: formatError(err) });
      return;
    }
    if (!same(readiness, state.readiness)) {
      state.readiness = readiness;
      publish(labId, { type: 'readiness', readiness });
    }
    if (readiness.ready && !state.stopWatch) {
      await startWatch(labId, state).catch((err) => {
        logger.warn(`live checks for lab ${labId}: ${err instanceof Error ? err.message : String(err)}`);
        publish(labId, { type: 'problem', message: formatError(err) });
      });
    } else if (!readiness.ready) stopWatch(state);
  }

  function scheduleTick(labId: string, state: LabState) {
    state.ticking ??= tick(labId, state).finally(() => (state.ticking = undefined));
    return state.ticking;
  }

  return {
    subscribe(labId, send) {
      let state = labs.get(labId);
      if (!state) {
        const created: LabState = { subscribers: new Set() };
        state = created;
        labs.set(labId, created);
        created.timer = setInterval(() => void scheduleTick(labId, created), pollMs);
      }
      state.subscribers.add(send);
      if (state.readiness) send({ type: 'readiness', readiness: state.readiness });
      if (state.last) send(state.last);
      void scheduleTick(labId, state);
      const s = state;
      return () => {
        s.subscribers.delete(send);
        if (s.subscribers.size > 0) return;
        clearInterval(s.timer);
        stopWatch(s);
        labs.delete(labId);
      };
    },
    publish,
    async restart(labId) {
      const state = labs.get(labId);
      if (!state) return;
      await state.ticking;
      stopWatch(state);
      await scheduleTick(labId, state);
    },
    readiness: (labId) => labs.get(labId)?.readiness,
    close() {
      for (const s of labs.values()) {
        clearInterval(s.timer);
        stopWatch(s);
      }
      labs.clear();
    },
  };
}
