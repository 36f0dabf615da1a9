import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { ZodValidationException } from 'nestjs-zod';
import { z } from 'zod';

const IDEMPOTENCY_KEY = 'Idempotency-Key';
const IF_MATCH = 'If-Match';

const idempotencyKeyHeader = z.object({
  [IDEMPOTENCY_KEY]: z.string().trim().min(1, 'must not be empty').max(200).optional(),
});

// One version, as an entity tag (`"3"`, `W/"3"`) or bare (`3`); `*` means "whatever is current".
const ifMatchHeader = z.object({
  [IF_MATCH]: z
    .string()
    .trim()
    .regex(/^(\*|(W\/)?"[1-9]\d{0,9}"|[1-9]\d{0,9})$/, 'must be one version, e.g. "3"')
    .transform((tag) => (tag === '*' ? undefined : Number(tag.replace(/\D/g, ''))))
    .pipe(
      z
        .number()
        .int()
        .max(2 ** 31 - 1, 'must be one version, e.g. "3"')
        .optional(),
    )
    .optional(),
});

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The `Idempotency-Key` header (a retried create with the same key returns the first result), or undefined. */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const parsed = idempotencyKeyHeader.safeParse({ [IDEMPOTENCY_KEY]: header(request, IDEMPOTENCY_KEY) });
    if (!parsed.success) throw new ZodValidationException(parsed.error);
    return parsed.data[IDEMPOTENCY_KEY];
  },
);

/** The version named by `If-Match`, or undefined when the header is absent or `*`. */
export const IfMatchVersion = createParamDecorator(
  (_data: unknown, context: ExecutionContext): number | undefined => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const parsed = ifMatchHeader.safeParse({ [IF_MATCH]: header(request, IF_MATCH) });
    if (!parsed.success) throw new ZodValidationException(parsed.error);
    return parsed.data[IF_MATCH];
  },
);

/**
 * The version a change was made against: `If-Match`, else the body's `version`. Both naming different
 * versions is a contradiction the client has to resolve, so it is refused rather than one silently winning.
 */
export function expectedVersionOf(ifMatch: number | undefined, bodyVersion: number | undefined) {
  if (ifMatch !== undefined && bodyVersion !== undefined && ifMatch !== bodyVersion) {
    throw new ZodValidationException(
      new z.ZodError([
        {
          code: 'custom',
          path: [IF_MATCH],
          message: 'names another version than the body’s `version`',
          input: ifMatch,
        },
      ]),
    );
  }
  return ifMatch ?? bodyVersion;
}

/** Answers the item's version as its strong entity tag, which `If-Match` takes back. */
export function sendVersionTag(reply: FastifyReply, version: number): void {
  void reply.header('etag', `"${version}"`);
}

/** Documents `Idempotency-Key` on a create route. */
export const AcceptsIdempotencyKey = () =>
  ApiHeader({
    name: IDEMPOTENCY_KEY,
    required: false,
    description:
      'Up to 200 characters. Retrying a create with the same key (and the same body) returns the first ' +
      'result instead of creating a second one (content forgets keys after 24 h); the same key with another ' +
      'body is refused (422).',
  });

/** Documents `If-Match` on a route changing or deleting a versioned object. */
export const AcceptsIfMatch = () =>
  applyDecorators(
    ApiHeader({
      name: IF_MATCH,
      required: false,
      description:
        'The version the change is made against (`"3"`, `W/"3"` or `3`, as the ETag answered it). When the ' +
        'object has changed since, the request is refused with 412 and nothing changes.',
    }),
  );
