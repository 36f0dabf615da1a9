import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import {
  type ContractTable,
  type Envelope,
  type EventContract,
  type RpcContract,
  type RpcRequest,
  type RpcResponse,
} from '@tracera/contracts';
import { type z } from 'zod';
import { type StreamPublisher } from '../events/stream-publisher';
import { type MessageMetadata, type RpcCallOptions, type RpcClient } from '../rpc/rpc-client';
import { buildEventEnvelope } from '../outbox/outbox-event';
import { type StreamNames } from '../stream-names';

/**
 * Data plus envelope metadata for Nest's `send`/`emit`, like Nest's `RmqRecord`:
 * `client.send('content.bookmark.get', new StreamsRecord({ id }, { actor: userId }))`.
 */
export class StreamsRecord<T = unknown> {
  constructor(
    readonly data: T,
    readonly options: RpcCallOptions = {},
  ) {}
}

export interface RedisStreamsClientOptions {
  /** The service this process belongs to: it may publish only its own events. */
  service: string;
  contracts: ContractTable;
  names: StreamNames;
  rpc: RpcClient;
  publisher: Pick<StreamPublisher, 'publish'>;
}

function unpack(data: unknown): { data: unknown; options: RpcCallOptions } {
  return data instanceof StreamsRecord ? { data: data.data, options: data.options } : { data, options: {} };
}

/**
 * The client side of the streams transport. Our own code uses the typed {@link call} and {@link emitEvent};
 * Nest's `send` (RPC, one reply) and `emit` (event) keep working for Nest idioms.
 *
 * Events published here go straight to the stream, so an event is lost if the process dies between its
 * database commit and the publish: services that change Postgres publish through the transactional outbox
 * instead. This path is for producers without a database transaction.
 */
export class RedisStreamsClient extends ClientProxy {
  constructor(private readonly options: RedisStreamsClientOptions) {
    super();
  }

  /** Calls an RPC; resolves with the checked response, rejects with an `RpcError` (`RpcTimeoutError`). */
  call<C extends RpcContract>(
    contract: C,
    request: RpcRequest<C>,
    options: RpcCallOptions = {},
  ): Promise<RpcResponse<C>> {
    return this.options.rpc.call(contract, request, options);
  }

  /**
   * Checks `data` against the event's contract and appends it to this service's event stream; throws the
   * outbox's `InvalidEventError` (nothing published) when it does not match.
   */
  async emitEvent<C extends EventContract>(
    contract: C,
    data: z.input<C['data']>,
    metadata: MessageMetadata = {},
  ): Promise<Envelope<z.output<C['data']>>> {
    if (contract.producer !== this.options.service) {
      throw new Error(
        `${this.options.service} cannot publish "${contract.type}": only ${contract.producer} does`,
      );
    }
    const envelope = buildEventEnvelope(contract, data, {
      actor: metadata.actor ?? 'system',
      causedBy: metadata.causedBy,
      correlationId: metadata.correlationId,
      traceparent: metadata.traceparent,
    });
    await this.options.publisher.publish(this.options.names.events(contract.producer), envelope);
    return envelope;
  }

  /** Connections are shared and managed by `RedisClients`; there is nothing to open. */
  connect(): Promise<void> {
    return Promise.resolve();
  }

  /** The RPC client is closed by `StreamsModule` at shutdown, after the server has drained. */
  close(): void {}

  /** The {@link RpcClient} behind `send`. */
  unwrap<T>(): T {
    return this.options.rpc as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const { data, options } = unpack(packet.data);
    let subscribed = true;
    void this.options.rpc.callPattern(this.normalizePattern(packet.pattern as string), data, options).then(
      (response) => subscribed && callback({ response, isDisposed: true }),
      (err: unknown) => subscribed && callback({ err }),
    );
    // A sent request cannot be recalled; unsubscribing only drops its outcome.
    return () => {
      subscribed = false;
    };
  }

  protected async dispatchEvent<T = Envelope>(packet: ReadPacket): Promise<T> {
    const pattern = this.normalizePattern(packet.pattern as string);
    const contract = this.options.contracts.find(pattern);
    if (contract?.kind !== 'event') throw new Error(`"${pattern}" is not an event contract`);
    const { data, options } = unpack(packet.data);
    // The data is checked against the contract inside emitEvent.
    return (await this.emitEvent(contract, data, options)) as T;
  }
}
