import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { type ZodDto, ZodResponse } from 'nestjs-zod';

/**
 * Documents a create that may answer something that already exists: 201 with what it made, or 200 with the
 * earlier result (the same direct conversation, a retried message), so a client can tell the two apart.
 */
export const CreatedOrExisting = (type: ZodDto<ZodDto['schema'], false>, created: string, existing: string) =>
  applyDecorators(
    ZodResponse({ status: 201, type, description: created }),
    ApiResponse({ status: 200, type: type.Output, description: existing }),
  );

/** Turns the route's 201 into 200 when nothing new was made (the handler needs `@Res({ passthrough: true })`). */
export function answerCreated(reply: FastifyReply, created: boolean): void {
  if (!created) void reply.status(200);
}
