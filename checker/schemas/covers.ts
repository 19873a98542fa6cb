import { z } from 'zod';

/**
 * The requirements of the task's description this check verifies, as they
 * are written there (a **bold** value, a number): for `labs validate`'s
 * audit, when the check verifies one in a form the audit cannot see (e.g.
 * "read-only" checked as `readOnly: true`).
 */
export const covers = z.array(z.string().min(1)).optional();
