import { ConflictException, Controller, Get, Param, Post, Body, Query, Req } from '@nestjs/common';
import { RpcError, RpcTimeoutError } from '@tracera/streams';
import { type FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { clientIp } from '../src/http/client-ip';

export class CreateNoteDto extends createZodDto(
  z.strictObject({
    title: z.string().min(1).max(20),
    body: z.string().max(100).optional(),
    tags: z.array(z.string().max(10)).max(5).optional(),
    pinned: z.boolean().optional(),
  }),
) {}

export class NoteDto extends createZodDto(
  z.object({ id: z.uuid(), title: z.string(), pinned: z.boolean(), createdAt: z.iso.datetime() }),
) {}

export class ListNotesQueryDto extends createZodDto(
  z.strictObject({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(64).optional(),
  }),
) {}

export class NoteIdParamsDto extends createZodDto(z.strictObject({ id: z.uuid() })) {}

export class NoteListDto extends createZodDto(
  z.object({ items: z.array(NoteDto.schema), nextCursor: z.string().nullable(), limit: z.number() }),
) {}

const NOTE_ID = '0b5c8c5e-2f0e-4a53-9a57-1a3f0e6f1c11';

@Controller('test-notes')
export class TestNotesController {
  @Post()
  @ZodResponse({ status: 201, type: NoteDto })
  create(@Body() note: CreateNoteDto) {
    return {
      id: NOTE_ID,
      title: note.title,
      pinned: note.pinned ?? false,
      createdAt: new Date().toISOString(),
    };
  }

  @Get()
  @ZodResponse({ type: NoteListDto })
  list(@Query() query: ListNotesQueryDto) {
    return { items: [], nextCursor: null, limit: query.limit };
  }

  @Get(':id')
  @ZodResponse({ type: NoteDto })
  get(@Param() params: NoteIdParamsDto) {
    return { id: params.id, title: 'a note', pinned: false, createdAt: new Date().toISOString() };
  }
}

@Controller('test-failures')
export class TestFailuresController {
  @Get('rpc-not-found')
  rpcNotFound(): never {
    throw new RpcError('NOT_FOUND', 'note 42 does not exist');
  }

  @Get('rpc-validation')
  rpcValidation(): never {
    throw new RpcError('VALIDATION', 'the due date is before the start', {
      errors: [{ field: 'dueAt', message: 'must not be before startsAt' }],
    });
  }

  @Get('rpc-timeout')
  rpcTimeout(): never {
    throw new RpcTimeoutError('content.notes.get got no reply within 5000 ms from stream rpc:content');
  }

  @Get('redis-down')
  async redisDown(): Promise<string | null> {
    // A real ioredis client that cannot reach its server, configured like the platform's (no offline queue).
    const redis = new Redis({
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    try {
      return await redis.get('anything');
    } finally {
      redis.disconnect();
    }
  }

  @Get('db-down')
  dbDown(): never {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  }

  @Get('conflict')
  conflict(): never {
    throw new ConflictException('a tag with that name exists');
  }

  @Get('bug')
  bug(): never {
    throw new Error('invariant broken: ledger row 7 has no owner');
  }
}

@Controller('test-client')
export class TestClientIpController {
  @Get('ip')
  ip(@Req() request: FastifyRequest): { ip: string } {
    return { ip: clientIp(request) };
  }
}

/** Stands in for the platform's health controller to prove `/health/*` stays outside `/api/v1`. */
@Controller('health')
export class TestHealthController {
  @Get('live')
  live(): { status: string } {
    return { status: 'ok' };
  }
}
