import { z } from 'zod';
import { covers } from './covers.ts';
import { patternField } from './pattern-field.ts';
import { assertionSchema } from './assertion.ts';
import { duration } from './checks-kubernetes.ts';
import { outputExpect } from './command-output.ts';

/** A local image with this reference exists; `expect` runs on `docker image inspect` output. */
export const dockerImageCheck = z
  .object({
    type: z.literal('docker.image'),
    covers,
    ref: z.string().describe('Image reference with tag, e.g. `hello-node:1.0`.'),
    expect: z.array(assertionSchema).default([]),
    /** Upper bound on the number of filesystem layers. */
    maxLayers: z.number().int().positive().optional(),
    /** Upper bound on the image size in MB (10^6 bytes). */
    maxSizeMB: z.number().positive().optional(),
    /** The user the image runs as must not be root (empty, `root`, `0` or `0:…`). */
    nonRoot: z.boolean().optional(),
    /**
     * The image starts: a container run from it as `docker run IMAGE` would (its ENTRYPOINT, CMD and
     * USER; no network) is still running after `seconds`, its output matching `logs` if given. An
     * image that builds but whose command fails (a file copied elsewhere, a missing module) fails.
     */
    starts: z
      .object({
        env: z.record(z.string(), z.string()).default({}),
        seconds: z.number().positive().max(30).default(3),
        logs: patternField().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** A container with this name exists (and runs, unless `running: false`); `expect` runs on `docker inspect`. */
export const dockerContainerCheck = z
  .object({
    type: z.literal('docker.container'),
    covers,
    name: z.string(),
    running: z.boolean().default(true),
    health: z.enum(['healthy', 'unhealthy', 'starting']).optional(),
    /** Image the container was created from, as a regular expression on its reference. */
    image: patternField().optional(),
    /** Container port (e.g. `80/tcp`) published on this host port. */
    publishes: z.object({ containerPort: z.string(), hostPort: z.number().int().optional() }).strict().optional(),
    expect: z.array(assertionSchema).default([]),
    within: duration.default('20s'),
  })
  .strict();

/** No container with this name exists any more (stopped-and-removed tasks). */
export const dockerContainerAbsentCheck = z
  .object({ type: z.literal('docker.container-absent'), covers, name: z.string() })
  .strict();

/** Run a command in a running container and check its exit code and output. */
export const dockerExecCheck = z
  .object({
    type: z.literal('docker.exec'),
    covers,
    container: z.string(),
    command: z.array(z.string()).min(1),
    user: z.string().optional(),
    expect: outputExpect.default({ exitCode: 0 }),
    within: duration.default('10s'),
  })
  .strict();

/** An HTTP GET to a port published on this machine's loopback answers as expected. */
export const httpCheck = z
  .object({
    type: z.literal('http'),
    covers,
    port: z.number().int().min(1).max(65535),
    path: z.string().default('/'),
    status: z.number().int().default(200),
    bodyMatches: patternField().optional(),
    within: duration.default('15s'),
  })
  .strict();

/** A Docker resource exists: a network (optionally of a driver) or a volume. */
export const dockerResourceCheck = z
  .object({
    type: z.literal('docker.resource'),
    covers,
    resource: z.enum(['network', 'volume']),
    name: z.string(),
    expect: z.array(assertionSchema).default([]),
  })
  .strict();

export const dockerChecks = [dockerImageCheck, dockerContainerCheck, dockerContainerAbsentCheck, dockerExecCheck, httpCheck, dockerResourceCheck] as const;
export { outputExpect };
