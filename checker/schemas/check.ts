import { z } from 'zod';
import { dockerChecks } from './checks-docker.ts';
import { fileChecks } from './checks-files.ts';
import { kubernetesChecks } from './checks-kubernetes.ts';
import { otherChecks } from './checks-other.ts';

/** Every declarative check, told apart by `type`. */
export const checkSchema = z.union([...kubernetesChecks, ...dockerChecks, ...fileChecks, ...otherChecks]);
export type Check = z.infer<typeof checkSchema>;
export type CheckType = Check['type'];
export type CheckOf<T extends CheckType> = Extract<Check, { type: T }>;

/** The object schema under any `.refine()`s. */
const objectOf = (s: z.ZodTypeAny): z.AnyZodObject => ('innerType' in s ? objectOf((s as any).innerType()) : (s as z.AnyZodObject));

export const checkTypes = [...kubernetesChecks, ...dockerChecks, ...fileChecks, ...otherChecks].map((s) => objectOf(s).shape.type.value as CheckType);

/**
 * Parse one check, reporting errors against its declared `type` only (a plain
 * union would list every variant's complaints).
 */
export const checkInputSchema = z.unknown().transform((value, ctx) => {
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !checkTypes.includes(type as CheckType)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['type'],
      message: `expected one of ${checkTypes.join(', ')}${typeof type === 'string' ? `, got "${type}"` : ''}`,
    });
    return z.NEVER;
  }
  const variant = [...kubernetesChecks, ...dockerChecks, ...fileChecks, ...otherChecks][checkTypes.indexOf(type as CheckType)];
  const parsed = (variant as z.ZodTypeAny).safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: issue.path } as z.IssueData);
    return z.NEVER;
  }
  return parsed.data as Check;
});
