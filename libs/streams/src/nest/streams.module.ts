import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { type ContractTable } from '@tracera/contracts';
import { ReadinessRegistry } from '@tracera/observability';
import { RedisClients } from '@tracera/redis';
import { ExclusiveStreamConsumer } from '../events/exclusive-stream-consumer';
import { STREAM_CONSUMER_DEFAULTS, StreamConsumer } from '../events/stream-consumer';
import { consumerConnectionsFromClients } from '../events/stream-consumer-connections';
import { StreamPublisher, type StreamPublisherOptions } from '../events/stream-publisher';
import { streamLagReadinessCheck } from '../metrics/stream-readiness';
import { RpcClient } from '../rpc/rpc-client';
import { type InboxRetention } from '../rpc/rpc-responder';
import { StreamNames } from '../stream-names';
import { createInstanceId } from './instance-id';
import { RedisStreamsClient } from './redis-streams.client';
import {
  RedisStreamsServer,
  type StreamConsumerTuning,
  type TransportConsumer,
  type TransportConsumerOptions,
} from './redis-streams.server';

export interface StreamsModuleOptions {
  /** Every contract of the system; the server checks its handlers against it, the client its messages. */
  contracts: ContractTable;
  /** Events this service must handle: start-up fails when one has no `@EventPattern` handler. */
  consumes?: readonly string[];
  /** How long an RPC call waits for its reply (default 5 s). */
  rpcTimeoutMs?: number;
  requestConsumer?: StreamConsumerTuning;
  /** Settings of every event stream consumer; a function when they come from the service's config. */
  eventConsumer?: StreamConsumerTuning | ((config: AppConfig) => StreamConsumerTuning);
  inbox?: InboxRetention;
  /** How long the server lets handlers in flight finish at shutdown (default half of SHUTDOWN_TIMEOUT). */
  drainTimeoutMs?: number;
  /** Readiness fails while one of the server's groups has more undelivered entries than this (default 10,000). */
  maxLag?: number;
  /** Retention of request streams this service sends to; a handled request is worth nothing afterwards. */
  requestRetention?: Pick<StreamPublisherOptions, 'maxLength' | 'maxAgeMs'>;
}

const DEFAULT_MAX_LAG = 10_000;
const DEFAULT_REQUEST_RETENTION = { maxLength: 10_000, maxAgeMs: 60 * 60_000 };

/** This process's id in consumer groups and its RPC inbox key. */
export const STREAMS_INSTANCE_ID = Symbol('STREAMS_INSTANCE_ID');
const STREAMS_OPTIONS = Symbol('STREAMS_OPTIONS');
/** Publishes RPC requests: a publisher of its own because request streams keep far less than event streams. */
const RPC_REQUEST_PUBLISHER = Symbol('RPC_REQUEST_PUBLISHER');

/** A stream consumer on the core connections; under a lease when the service asked for exclusive reading. */
function createTransportConsumer(
  clients: RedisClients,
  { exclusive, ...options }: TransportConsumerOptions,
): TransportConsumer {
  const consumer = new StreamConsumer(
    options,
    consumerConnectionsFromClients(
      clients,
      `consumer:${options.stream}`,
      options.blockMs ?? STREAM_CONSUMER_DEFAULTS.blockMs,
    ),
    new Logger('StreamConsumer'),
  );
  if (!exclusive) return consumer;
  return new ExclusiveStreamConsumer(
    consumer,
    {
      ...exclusive,
      stream: options.stream,
      group: options.group,
      consumer: options.consumer,
      redis: clients.core,
      metrics: options.metrics,
    },
    new Logger('ExclusiveStreamConsumer'),
  );
}

/**
 * The streams transport of one service (global): {@link RedisStreamsClient} and {@link RpcClient} to call
 * and publish, {@link RedisStreamsServer} to connect as the app's microservice strategy (see
 * `connectStreamsServer`), and a `streams` readiness check. Needs APP_CONFIG, RedisClients and a
 * ReadinessRegistry from the platform's global modules.
 */
@Module({})
export class StreamsModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly readiness: ReadinessRegistry,
    private readonly server: RedisStreamsServer,
    private readonly rpc: RpcClient,
    private readonly publisher: StreamPublisher,
    @Inject(RPC_REQUEST_PUBLISHER) private readonly requestPublisher: StreamPublisher,
    private readonly clients: RedisClients,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(STREAMS_OPTIONS) private readonly options: StreamsModuleOptions,
    @Inject(STREAMS_INSTANCE_ID) private readonly instanceId: string,
  ) {}

  static forService(options: StreamsModuleOptions): DynamicModule {
    return {
      module: StreamsModule,
      global: true,
      providers: [
        { provide: STREAMS_OPTIONS, useValue: options },
        {
          provide: STREAMS_INSTANCE_ID,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => createInstanceId(config.service),
        },
        {
          provide: StreamNames,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => new StreamNames(config.redis.keyPrefix),
        },
        {
          provide: StreamPublisher,
          inject: [RedisClients],
          useFactory: (clients: RedisClients) => new StreamPublisher(clients.core),
        },
        {
          provide: RPC_REQUEST_PUBLISHER,
          inject: [RedisClients],
          useFactory: (clients: RedisClients) =>
            new StreamPublisher(clients.core, {
              ...DEFAULT_REQUEST_RETENTION,
              ...options.requestRetention,
              logger: new Logger('RpcRequestPublisher'),
            }),
        },
        {
          provide: RpcClient,
          inject: [RedisClients, RPC_REQUEST_PUBLISHER, StreamNames, STREAMS_INSTANCE_ID],
          useFactory: (
            clients: RedisClients,
            publisher: StreamPublisher,
            names: StreamNames,
            instanceId: string,
          ) =>
            new RpcClient({
              contracts: options.contracts,
              names,
              instanceId,
              clients,
              publisher,
              timeoutMs: options.rpcTimeoutMs,
              logger: new Logger('RpcClient'),
            }),
        },
        {
          provide: RedisStreamsClient,
          inject: [APP_CONFIG, RpcClient, StreamPublisher, StreamNames],
          useFactory: (config: AppConfig, rpc: RpcClient, publisher: StreamPublisher, names: StreamNames) =>
            new RedisStreamsClient({
              service: config.service,
              contracts: options.contracts,
              names,
              rpc,
              publisher,
            }),
        },
        {
          provide: RedisStreamsServer,
          inject: [APP_CONFIG, RedisClients, StreamNames, STREAMS_INSTANCE_ID],
          useFactory: (config: AppConfig, clients: RedisClients, names: StreamNames, instanceId: string) =>
            new RedisStreamsServer({
              service: config.service,
              instanceId,
              contracts: options.contracts,
              names,
              consumes: options.consumes,
              createConsumer: (consumerOptions) => createTransportConsumer(clients, consumerOptions),
              replyConnection: clients.core,
              inbox: options.inbox,
              requestConsumer: options.requestConsumer,
              eventConsumer:
                typeof options.eventConsumer === 'function'
                  ? options.eventConsumer(config)
                  : options.eventConsumer,
              drainTimeoutMs: options.drainTimeoutMs ?? Math.round(config.shutdownTimeoutMs / 2),
              logger: new Logger('RedisStreamsServer'),
            }),
        },
      ],
      exports: [
        STREAMS_INSTANCE_ID,
        StreamNames,
        StreamPublisher,
        RpcClient,
        RedisStreamsClient,
        RedisStreamsServer,
      ],
    };
  }

  onModuleInit(): void {
    this.readiness.register({ name: 'streams', critical: true, check: () => this.check() });
  }

  /** Transport state, then the lag of every group the server reads (a backlog means stale answers). */
  private async check(): Promise<Record<string, unknown>> {
    const state = this.server.state;
    if (state === 'starting') throw new Error('stream consumers are starting');
    if (state === 'failed') {
      throw new Error(`stream consumers failed to start: ${this.server.startFailure?.message}`);
    }
    if (!this.rpc.readerHealthy) throw new Error(`cannot read the RPC inbox ${this.rpc.inbox}`);
    const lag =
      state === 'listening'
        ? await streamLagReadinessCheck({
            redis: this.clients.core,
            groups: this.server.streams.map((stream) => ({ stream, group: this.config.service })),
            maxLag: this.options.maxLag ?? DEFAULT_MAX_LAG,
          }).check()
        : {};
    return { instanceId: this.instanceId, server: state, pendingCalls: this.rpc.pendingCalls, ...lag };
  }

  /** After the server has drained (its handlers may call and publish until then). */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.rpc.close(), this.publisher.drain(), this.requestPublisher.drain()]);
  }
}
