import { z } from 'zod';

/** One field that failed: a dotted path into the body, query or route parameters, and what is wrong with it. */
export const fieldProblemSchema = z.object({
  field: z.string().describe('Dotted path of the offending field, e.g. `tags.2` or `limit`'),
  message: z.string(),
});

/** The RFC 9457 body of every error answer (`application/problem+json`). */
export const problemDetailsSchema = z.object({
  type: z
    .url()
    .describe('Stable identifier of the kind of problem, e.g. https://tracera.dev/problems/not-found'),
  title: z.string().describe('Short summary of the kind of problem; the same for every occurrence'),
  status: z.int().min(400).max(599),
  detail: z.string().describe('What went wrong with this request, for a person'),
  instance: z.string().describe('The request path'),
  requestId: z
    .string()
    .describe('Equals the `X-Request-Id` response header; quote it when reporting a problem'),
  code: z.string().optional().describe('Machine-readable code from the service that refused the request'),
  errors: z.array(fieldProblemSchema).optional().describe('Per-field problems, when the request had some'),
});

export type FieldProblem = z.infer<typeof fieldProblemSchema>;
export type ProblemDetails = z.infer<typeof problemDetailsSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
