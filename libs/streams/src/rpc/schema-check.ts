import { type z } from 'zod';

/** One schema violation as it travels in error details and dead-letter entries. */
export interface SchemaIssue {
  path: string;
  message: string;
  code: string;
}

export type SchemaCheck<T> = { ok: true; data: T } | { ok: false; issues: SchemaIssue[] };

/** Parses `value` with a contract schema; the parsed output (unknown keys stripped) is what travels on. */
export function checkSchema<S extends z.ZodType>(schema: S, value: unknown): SchemaCheck<z.output<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
      code: issue.code,
    })),
  };
}

export function describeIssues(issues: SchemaIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
}
