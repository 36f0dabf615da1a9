import { Controller, type INestApplication, Injectable, type Type } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import {
  createEnvelope,
  type Envelope,
  envelopeToFields,
  type EventData,
  type RpcRequest,
} from '@tracera/contracts';
import { ReadinessRegistry } from '@tracera/observability';
import { waitFor } from '@tracera/testing';
import { parseDeadLetter } from '../src/events/dead-letter';
import { NonRetryableEventException } from '../src/nest/non-retryable-event.exception';
import { RedisStreamsClient, StreamsRecord } from '../src/nest/redis-streams.client';
import { InvalidEventError } from '../src/outbox/outbox-event';
import { StreamsWiringError } from '../src/nest/redis-streams.server';
import { StreamsContext } from '../src/nest/streams-context';
import { StreamNames } from '../src/stream-names';
import {
  getNote,
  noteArchived,
  noteCreated,
  rawRedis,
  startTestService,
  uniquePrefix,
} from './nest-test-harness';

@Injectable()
class ReceivedEvents {
  readonly events: { data: unknown; envelope: Envelope }[] = [];
}

@Controller()
class SearchIndexController {
  constructor(private readonly received: ReceivedEvents) {}

  @EventPattern(noteCreated.type)
  indexNote(@Payload() data: EventData<typeof noteCreated>, @Ctx() context: StreamsContext): Promise<void> {
    this.received.events.push({ data, envelope: context.getEnvelope() });
    if (data.title === 'poison') throw new NonRetryableEventException('this note can never be indexed');
    if (data.title === 'flaky' && context.getMessage().deliveries === 1) throw new Error('index is busy');
    return Promise.resolve();
  }
}

@Controller()
class UnknownPatternController {
  @EventPattern('note.shared')
  onShared(): void {}
}

@Controller()
class SecondIndexController {
  @EventPattern(noteCreated.type)
  alsoIndex(): void {}
}

@Controller()
class PartialContentController {
  @MessagePattern(getNote.type)
  getNote(@Payload() data: RpcRequest<typeof getNote>) {
    return { id: data.id, title: 'only this one' };
  }
}

@Controller()
class ForeignRpcController {
  @MessagePattern(getNote.type)
  getNote(@Payload() data: RpcRequest<typeof getNote>) {
    return { id: data.id, title: 'not mine to serve' };
  }
}

describe('Nest transport over Redis Streams (real redis-server, real Nest apps)', () => {
  const prefix = uniquePrefix();
  const names = new StreamNames(prefix);
  const contentEvents = names.events('content');
  const redis = rawRedis();
  const apps: INestApplication[] = [];
  let producer: INestApplication;
  let search: INestApplication;

  async function track(app: Promise<INestApplication>): Promise<INestApplication> {
    const started = await app;
    apps.push(started);
    return started;
  }

  beforeAll(async () => {
    // Content only publishes here; serving its RPCs is the RPC tests' business.
    producer = await track(startTestService({ service: 'content', prefix, serve: false }));
    search = await track(
      startTestService({
        service: 'search-cache',
        prefix,
        controllers: [SearchIndexController],
        providers: [ReceivedEvents],
        streams: { consumes: [noteCreated.type], eventConsumer: { retryBackoffMs: 50 } },
      }),
    );
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    redis.disconnect();
  });

  async function pendingFor(group: string): Promise<number> {
    const summary = (await redis.xpending(contentEvents, group)) as [number, ...unknown[]];
    return summary[0];
  }

  it('delivers an emitted event to its @EventPattern handler with validated data and the envelope', async () => {
    const received = search.get(ReceivedEvents).events;
    const client = producer.get(RedisStreamsClient);
    await lastValueFrom(
      client.emit(
        noteCreated.type,
        new StreamsRecord(
          { noteId: 'n1', title: 'Hello', extra: 'dropped' },
          { actor: 'user-1', correlationId: 'c-1' },
        ),
      ),
    );
    // An event nobody here handles is acknowledged and skipped, not left pending.
    await client.emitEvent(noteArchived, { noteId: 'n1' });
    const typed = await client.emitEvent(noteCreated, { noteId: 'n2', title: 'World' }, { actor: 'user-2' });

    await waitFor(() => received.length === 2, { timeoutMs: 5000, description: 'two note.created events' });
    expect(received[0].data).toEqual({ noteId: 'n1', title: 'Hello' });
    expect(received[0].envelope).toMatchObject({
      type: noteCreated.type,
      actor: 'user-1',
      correlationId: 'c-1',
    });
    expect(received[1].envelope.id).toBe(typed.id);
    await waitFor(async () => (await pendingFor('search-cache')) === 0, { description: 'nothing pending' });
  });

  it('refuses to publish an event that breaks its contract or belongs to another producer', async () => {
    const client = search.get(RedisStreamsClient);
    const before = await redis.xlen(contentEvents);
    await expect(
      producer.get(RedisStreamsClient).emitEvent(noteCreated, { noteId: 'n3', title: '' }),
    ).rejects.toBeInstanceOf(InvalidEventError);
    await expect(client.emitEvent(noteCreated, { noteId: 'n3', title: 'x' })).rejects.toThrow(/only content/);
    expect(await redis.xlen(contentEvents)).toBe(before);
  });

  it('dead-letters an event that fails its schema at once, without calling the handler', async () => {
    const received = search.get(ReceivedEvents).events;
    const handled = received.length;
    const forged = createEnvelope({ type: noteCreated.type, actor: 'user-1', data: { noteId: 5 } });
    await redis.xadd(contentEvents, '*', ...envelopeToFields(forged));

    const deadLetters = names.deadLetters(contentEvents);
    await waitFor(async () => (await redis.xlen(deadLetters)) === 1, {
      timeoutMs: 5000,
      description: 'a dead letter',
    });
    const [[deadId, fields]] = await redis.xrange(deadLetters, '-', '+');
    const dead = parseDeadLetter(deadId, fields);
    expect(dead).toMatchObject({ reason: 'non-retryable', group: 'search-cache', deliveries: 1 });
    expect(dead.error).toMatch(/noteId/);
    expect(dead.fields.id).toBe(forged.id);
    expect(received.length).toBe(handled);
    expect(await pendingFor('search-cache')).toBe(0);
  });

  it('dead-letters at once an event its handler rejects with NonRetryableEventException', async () => {
    const received = search.get(ReceivedEvents).events;
    const deadLetters = names.deadLetters(contentEvents);
    const deadBefore = await redis.xlen(deadLetters);
    const poison = await producer
      .get(RedisStreamsClient)
      .emitEvent(noteCreated, { noteId: 'n4', title: 'poison' });

    await waitFor(async () => (await redis.xlen(deadLetters)) === deadBefore + 1, { timeoutMs: 5000 });
    const [[deadId, fields]] = await redis.xrevrange(deadLetters, '+', '-', 'COUNT', 1);
    expect(parseDeadLetter(deadId, fields)).toMatchObject({ reason: 'non-retryable', deliveries: 1 });
    expect(received.filter((event) => event.envelope.id === poison.id)).toHaveLength(1);
  });

  it('retries an event whose handler failed, and acknowledges it once handled', async () => {
    const received = search.get(ReceivedEvents).events;
    const flaky = await producer
      .get(RedisStreamsClient)
      .emitEvent(noteCreated, { noteId: 'n5', title: 'flaky' });
    const deliveries = () => received.filter((event) => event.envelope.id === flaky.id);
    await waitFor(() => deliveries().length === 2, { timeoutMs: 5000, description: 'a second delivery' });
    await waitFor(async () => (await pendingFor('search-cache')) === 0, { description: 'nothing pending' });
  });

  it('reports the transport in the readiness registry', async () => {
    const check = search
      .get(ReadinessRegistry)
      .list()
      .find((c) => c.name === 'streams');
    expect(check?.critical).toBe(true);
    await expect(check!.check()).resolves.toMatchObject({
      server: 'listening',
      groups: [{ stream: contentEvents, group: 'search-cache', lag: 0, pending: 0 }],
    });
  });

  describe('refuses to start when handlers and contracts disagree', () => {
    async function startFailure(
      service: 'search-cache' | 'content',
      controllers: Type<unknown>[],
      consumes?: string[],
    ): Promise<StreamsWiringError> {
      const isolated = uniquePrefix();
      const failure: unknown = await startTestService({
        service,
        prefix: isolated,
        controllers,
        providers: [ReceivedEvents],
        streams: { consumes },
      }).then(
        (app) => {
          apps.push(app);
          throw new Error('the service started');
        },
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(StreamsWiringError);
      // Nothing was read: no consumer group (and so no stream) was created.
      const isolatedNames = new StreamNames(isolated);
      expect(await redis.exists(isolatedNames.events('content'), isolatedNames.requests('content'))).toBe(0);
      return failure as StreamsWiringError;
    }

    it('a pattern without a contract', async () => {
      const error = await startFailure('search-cache', [SearchIndexController, UnknownPatternController]);
      expect(error.problems).toEqual(['@EventPattern("note.shared") has no contract']);
    });

    it('two handlers for one pattern', async () => {
      const error = await startFailure('search-cache', [SearchIndexController, SecondIndexController]);
      expect(error.problems).toEqual([`"${noteCreated.type}" has more than one handler`]);
    });

    it('an RPC the service serves by contract without a handler', async () => {
      const error = await startFailure('content', [PartialContentController]);
      expect(error.message).toMatch(
        /content serves "content.note.delete" by contract but has no @MessagePattern/,
      );
      expect(error.message).toMatch(/content serves "content.echo"/);
    });

    it('an event the service declares it consumes without a handler', async () => {
      const error = await startFailure(
        'search-cache',
        [SearchIndexController],
        [noteCreated.type, noteArchived.type],
      );
      expect(error.problems).toEqual([`consumes "${noteArchived.type}" but has no @EventPattern handler`]);
    });

    it("a @MessagePattern for another service's RPC", async () => {
      const error = await startFailure('search-cache', [ForeignRpcController]);
      expect(error.problems).toEqual([
        `@MessagePattern("${getNote.type}") is an RPC of content, not of search-cache`,
      ]);
    });
  });
});
