import { Logger, type LoggerService } from '@nestjs/common';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { type ContractTable, type EventContract } from '@tracera/contracts';
import { type RedisConnection } from '@tracera/redis';
import { lastValueFrom } from 'rxjs';
import { type ExclusiveConsumption } from '../events/exclusive-stream-consumer';
import { type StreamConsumer } from '../events/stream-consumer';
import {
  NonRetryableError,
  type StreamConsumerOptions,
  type StreamMessage,
} from '../events/stream-consumer.types';
import { type InboxRetention, RpcResponder } from '../rpc/rpc-responder';
import { checkSchema, describeIssues } from '../rpc/schema-check';
import { type StreamNames } from '../stream-names';
import { StreamsContext } from './streams-context';

/** Consumer settings a service may tune; stream, group, consumer and handler are the transport's. */
export type StreamConsumerTuning = Omit<
  StreamConsumerOptions,
  'stream' | 'group' | 'consumer' | 'handler'
> & {
  /** One replica of the service at a time reads (under a lease) instead of all sharing the work. */
  exclusive?: ExclusiveConsumption;
};

/** What the transport asks a consumer factory for. */
export type TransportConsumerOptions = StreamConsumerOptions & Pick<StreamConsumerTuning, 'exclusive'>;

/** The part of a stream consumer the transport drives. */
export type TransportConsumer = Pick<StreamConsumer, 'start' | 'stop'>;

export interface RedisStreamsServerOptions {
  service: string;
  instanceId: string;
  contracts: ContractTable;
  names: StreamNames;
  /** Events the service must handle; start-up fails when one has no `@EventPattern` handler. */
  consumes?: readonly string[];
  /** Builds the consumer of one stream (a seam so the transport does not own connection handling). */
  createConsumer: (options: TransportConsumerOptions) => TransportConsumer;
  /** Where RPC replies are written: the shared core command connection. */
  replyConnection: RedisConnection;
  inbox?: InboxRetention;
  /** Settings of the request stream consumer. */
  requestConsumer?: StreamConsumerTuning;
  /** Settings of every event stream consumer. */
  eventConsumer?: StreamConsumerTuning;
  /** How long `close()` lets handlers in flight finish. */
  drainTimeoutMs: number;
  logger?: LoggerService;
}

/** The handlers registered with the server do not match the contracts; lists every mismatch at once. */
export class StreamsWiringError extends Error {
  constructor(
    service: string,
    readonly problems: string[],
  ) {
    super(`${service}: the streams transport cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StreamsWiringError';
  }
}

export type StreamsServerState = 'idle' | 'starting' | 'listening' | 'failed' | 'closing' | 'closed';

interface ConsumerPlan {
  stream: string;
  handler: (message: StreamMessage) => Promise<void>;
  tuning?: StreamConsumerTuning;
}

/** A handler's failure as Nest's exception filter hands it over: an Error, or a plain `{ status, message }`. */
function asError(failure: unknown, pattern: string): Error {
  if (failure instanceof Error) return failure;
  const message = (failure as { message?: unknown } | null)?.message;
  return new Error(`${pattern} handler failed: ${typeof message === 'string' ? message : String(failure)}`);
}

/**
 * The Nest custom transport over Redis Streams (ARCHITECTURE §2). `@MessagePattern` handlers serve this
 * service's RPCs from its request stream; `@EventPattern` handlers consume events from each producer's
 * stream; both through one consumer group named after the service, so replicas share the work. `listen`
 * refuses to start (and so the process never becomes ready) when handlers and contracts disagree.
 */
export class RedisStreamsServer extends Server implements CustomTransportStrategy {
  private readonly duplicates = new Set<string>();
  private readonly consumers: TransportConsumer[] = [];
  private readonly readStreams: string[] = [];
  private readonly transportLogger: LoggerService;
  private currentState: StreamsServerState = 'idle';
  private failure?: Error;

  constructor(private readonly options: RedisStreamsServerOptions) {
    super();
    this.transportLogger = options.logger ?? new Logger('RedisStreamsServer');
  }

  get state(): StreamsServerState {
    return this.currentState;
  }

  /** Why start-up failed, when it did. */
  get startFailure(): Error | undefined {
    return this.failure;
  }

  /** Streams read by this server, for readiness details. */
  get streams(): string[] {
    return [...this.readStreams];
  }

  // Nest's base class silently chains a second handler of one event pattern; a duplicate is a wiring bug.
  override addHandler(
    pattern: unknown,
    callback: MessageHandler,
    isEventHandler = false,
    extras: Record<string, unknown> = {},
  ): void {
    const route = this.normalizePattern(pattern as string);
    if (this.messageHandlers.has(route)) {
      this.duplicates.add(route);
      return;
    }
    super.addHandler(pattern, callback, isEventHandler, extras);
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  private async start(): Promise<void> {
    this.setState('starting');
    try {
      this.checkWiring();
      for (const plan of this.plan()) {
        const consumer = this.options.createConsumer({
          ...plan.tuning,
          stream: plan.stream,
          group: this.options.service,
          consumer: this.options.instanceId,
          handler: plan.handler,
        });
        this.consumers.push(consumer);
        this.readStreams.push(plan.stream);
        await consumer.start();
      }
      this.setState('listening');
    } catch (error) {
      this.failure = error as Error;
      this.setState('failed');
      await this.stopConsumers();
      throw error;
    }
  }

  /** Every mismatch between handlers and contracts; empty when the service is wired correctly. */
  wiringProblems(): string[] {
    const { service, contracts } = this.options;
    const problems = [...this.duplicates].map((pattern) => `"${pattern}" has more than one handler`);
    for (const [pattern, handler] of this.messageHandlers) {
      const contract = contracts.find(pattern);
      const decorator = handler.isEventHandler ? '@EventPattern' : '@MessagePattern';
      if (!contract) problems.push(`${decorator}("${pattern}") has no contract`);
      else if (handler.isEventHandler && contract.kind !== 'event') {
        problems.push(`@EventPattern("${pattern}") names an RPC; use @MessagePattern`);
      } else if (!handler.isEventHandler && contract.kind !== 'rpc') {
        problems.push(`@MessagePattern("${pattern}") names an event; use @EventPattern`);
      } else if (!handler.isEventHandler && contract.kind === 'rpc' && contract.service !== service) {
        problems.push(`@MessagePattern("${pattern}") is an RPC of ${contract.service}, not of ${service}`);
      }
    }
    for (const contract of contracts.all()) {
      if (contract.kind === 'rpc' && contract.service === service && !this.handlerOf(contract.type, 'rpc')) {
        problems.push(`${service} serves "${contract.type}" by contract but has no @MessagePattern handler`);
      }
    }
    for (const pattern of this.options.consumes ?? []) {
      const contract = contracts.find(pattern);
      if (contract?.kind !== 'event') problems.push(`consumes "${pattern}", which is not an event contract`);
      else if (!this.handlerOf(pattern, 'event')) {
        problems.push(`consumes "${pattern}" but has no @EventPattern handler`);
      }
    }
    return problems;
  }

  private checkWiring(): void {
    const problems = this.wiringProblems();
    if (problems.length > 0) throw new StreamsWiringError(this.options.service, problems);
  }

  private handlerOf(pattern: string, kind: 'rpc' | 'event'): MessageHandler | undefined {
    const handler = this.messageHandlers.get(pattern);
    return handler && Boolean(handler.isEventHandler) === (kind === 'event') ? handler : undefined;
  }

  /** One consumer for the request stream (when the service serves RPC) and one per producer it consumes. */
  private plan(): ConsumerPlan[] {
    const { names, contracts, service } = this.options;
    const plans: ConsumerPlan[] = [];
    const served = [...this.messageHandlers].some(([, handler]) => !handler.isEventHandler);
    if (served) {
      const responder = new RpcResponder({
        service,
        contracts,
        connection: this.options.replyConnection,
        inbox: this.options.inbox,
        logger: this.transportLogger,
        handlerFor: (pattern) => {
          const handler = this.handlerOf(pattern, 'rpc');
          return handler && ((data, message) => this.invoke(handler, data, message));
        },
      });
      plans.push({
        stream: names.requests(service),
        handler: responder.handle,
        tuning: this.options.requestConsumer,
      });
    }
    const producers = new Set<string>();
    for (const [pattern, handler] of this.messageHandlers) {
      const contract = contracts.find(pattern);
      if (handler.isEventHandler && contract?.kind === 'event') producers.add(contract.producer);
    }
    for (const producer of [...producers].sort()) {
      plans.push({
        stream: names.events(producer),
        handler: (message) => this.consumeEvent(producer, message),
        tuning: this.options.eventConsumer,
      });
    }
    return plans;
  }

  private async consumeEvent(producer: string, message: StreamMessage): Promise<void> {
    const { envelope } = message;
    const handler = this.handlerOf(envelope.type, 'event');
    // A group reads the producer's whole stream; events this service has no handler for are simply acked.
    if (!handler) return;
    const contract = this.options.contracts.find(envelope.type) as EventContract;
    if (contract.producer !== producer) {
      throw new NonRetryableError(
        `${envelope.type} is an event of ${contract.producer}, found on ${producer}'s stream`,
      );
    }
    const data = checkSchema(contract.data, envelope.data);
    if (!data.ok) {
      const text = `${envelope.type} data breaks its contract: ${describeIssues(data.issues)}`;
      throw new NonRetryableError(text, { issues: data.issues });
    }
    await this.invoke(handler, data.data, message);
  }

  /** Runs a Nest handler (guards, pipes, interceptors, filters included) and waits for its outcome. */
  private async invoke(handler: MessageHandler, data: unknown, message: StreamMessage): Promise<unknown> {
    const context = new StreamsContext([message]);
    try {
      const result: unknown = await handler(data, context);
      return await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
    } catch (failure) {
      throw failure instanceof Error || !handler.isEventHandler
        ? failure
        : asError(failure, message.envelope.type);
    }
  }

  async close(): Promise<void> {
    if (this.currentState === 'closed' || this.currentState === 'idle') return;
    this.setState('closing');
    await this.stopConsumers();
    this.setState('closed');
  }

  private async stopConsumers(): Promise<void> {
    const consumers = this.consumers.splice(0);
    await Promise.all(consumers.map((consumer) => consumer.stop(this.options.drainTimeoutMs)));
  }

  private setState(state: StreamsServerState): void {
    this.currentState = state;
    this._status$.next(state);
  }

  on(): never {
    throw new Error('RedisStreamsServer emits no events; its state is in the streams readiness check');
  }

  /** The running stream consumers. */
  unwrap<T>(): T {
    return [...this.consumers] as T;
  }
}
