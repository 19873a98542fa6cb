import type { ZodError, ZodIssue, ZodType } from 'zod';
import { ContextError } from '../lib/errors.ts';

/** `spec.tasks[2].checks[0].kind` from a zod path. */
export function formatPath(path: (string | number)[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '') || '(top level)';
}

function describeIssue(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.received === 'undefined' ? `is required (expected ${issue.expected})` : `expected ${issue.expected}, got ${issue.received}`;
    case 'invalid_enum_value':
      return `expected one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}, got ${JSON.stringify(issue.received)}`;
    case 'invalid_union_discriminator':
      return `expected one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling)`;
    case 'invalid_literal':
      return `expected ${JSON.stringify(issue.expected)}`;
    default:
      return issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
  }
}

/** One line per problem: `**tasks[0].checks[1].kind**: is required (expected string)`. */
export function explainZodError(error: ZodError): string[] {
  return error.issues.map((issue) => `${formatPath(issue.path)}: ${describeIssue(issue)}`);
}

/**
 * Parse an authored file's data or throw a ContextError naming the file, each
 * field path and what was expected. Every authored file goes through this.
 */
export function parseOrExplain<T>(schema: ZodType<T, any, any>, data: unknown, file: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const lines = explainZodError(result.error);
  throw new ContextError(`${file} is not valid:\n${lines.map((l) => `  - ${l}`).join('\n')}`, {
    fix: `correct the field${lines.length > 1 ? 's' : ''} above in ${file}`,
  });
}
