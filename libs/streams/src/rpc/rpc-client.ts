import { Logger, type LoggerService } from '@nestjs/common';
import {
  createEnvelope,
  type ContractTable,
  type Envelope,
  envelopeSchema,
  fieldsToRecord,
  type RpcContract,
  type RpcRequest,
  type RpcResponse,
} from '@tracera/contracts';
import { isCluster, type RedisClients, type RedisConnection, withDeadline } from '@tracera/redis';
import { type StreamPublisher } from '../events/stream-publisher';
import { type StreamNames } from '../stream-names';
import { RpcError, RpcTimeoutError } from './rpc-error';
import { parseRpcReply, rpcRequestFields } from './rpc-protocol';
import { checkSchema, describeIssues } from './schema-check';

/** Envelope metadata of a request or event the caller sets. */
export interface MessageMetadata {
  /** User id the message acts for; `system` when omitted. */
  actor?: string;
  /** The message being handled when this one is made: its correlation carries over and it becomes the cause. */
  causedBy?: Pick<Envelope, 'id' | 'correlationId' | 'traceparent'>;
  correlationId?: string;
  traceparent?: string;
}

/** Envelope metadata and limits of one call. */
export interface RpcCallOptions extends MessageMetadata {
  /** Overrides the client's default timeout. */
  timeoutMs?: number;
}

export interface RpcClientOptions {
  contracts: ContractTable;
  names: StreamNames;
  /** This process's id; the inbox `names.inbox(instanceId)` is read by this client alone. */
  instanceId: string;
  clients: RedisClients;
  publisher: Pick<StreamPublisher, 'publish'>;
  /** How long a call waits for its reply. */
  timeoutMs?: number;
  /** BLOCK of one inbox XREAD. */
  readBlockMs?: number;
  /** COUNT of one inbox XREAD. */
  readBatchSize?: number;
  logger?: LoggerService;
}

/** A connection closed under the loop (RedisClients closes dedicated connections at shutdown) stays closed. */
function hasEnded(connection: RedisConnection): boolean {
  return connection.status === 'end';
}

interface PendingCall {
  contract: RpcContract;
  resolve: (response: unknown) => void;
  reject: (error: RpcError) => void;
  timer: NodeJS.Timeout;
}

export const DEFAULT_RPC_TIMEOUT_MS = 5000;
const DEFAULT_READ_BLOCK_MS = 5000;
const DEFAULT_READ_BATCH = 500;
const READ_RETRY_MS = 250;

/**
 * The calling half of RPC. A call checks the request against its contract, XADDs it to the target service's
 * request stream with this process's inbox and a deadline, and waits for the reply, which one XREAD BLOCK
 * loop on a dedicated connection takes from the inbox (no consumer group: nobody else reads it) and matches
 * by request id. A call settles exactly once: with the checked response, the server's structured error, or
 * {@link RpcTimeoutError}; a reply arriving after that is dropped.
 */
export class RpcClient {
  readonly inbox: string;
  private readonly pending = new Map<string, PendingCall>();
  private readonly logger: LoggerService;
  private readonly timeoutMs: number;
  private readonly readBlockMs: number;
  private connection?: RedisConnection;
  /** CLIENT ID of the inbox connection, so close() can end its blocked read cleanly (single server only). */
  private readerClientId?: number;
  private reading?: Promise<void>;
  /** Entry ids grow monotonically, so the last one read is where the next read starts (nothing is skipped). */
  private lastEntryId = '0-0';
  private closed = false;
  private readFailing = false;

  constructor(private readonly options: RpcClientOptions) {
    this.inbox = options.names.inbox(options.instanceId);
    this.logger = options.logger ?? new Logger('RpcClient');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
    this.readBlockMs = options.readBlockMs ?? DEFAULT_READ_BLOCK_MS;
  }

  /** Calls an RPC with a request typed from its contract. */
  call<C extends RpcContract>(
    contract: C,
    request: RpcRequest<C>,
    options: RpcCallOptions = {},
  ): Promise<RpcResponse<C>> {
    return this.request(contract, request, options) as Promise<RpcResponse<C>>;
  }

  /** Calls an RPC by pattern (Nest's `send`); the contract table supplies its schemas and service. */
  callPattern(pattern: string, request: unknown, options: RpcCallOptions = {}): Promise<unknown> {
    const contract = this.options.contracts.find(pattern);
    if (contract?.kind !== 'rpc') {
      return Promise.reject(new RpcError('NOT_IMPLEMENTED', `"${pattern}" is not an RPC contract`));
    }
    return this.request(contract, request, options);
  }

  /** Calls waiting for their reply right now. */
  get pendingCalls(): number {
    return this.pending.size;
  }

  /** Whether the inbox loop runs and its last read succeeded. */
  get readerHealthy(): boolean {
    return this.reading === undefined || !this.readFailing;
  }

  private async request(contract: RpcContract, request: unknown, options: RpcCallOptions): Promise<unknown> {
    if (this.closed) throw new RpcError('UNAVAILABLE', 'the RPC client is closed');
    const checked = checkSchema(contract.request, request);
    if (!checked.ok) {
      const text = `invalid ${contract.type} request: ${describeIssues(checked.issues)}`;
      throw new RpcError('INVALID_REQUEST', text, { issues: checked.issues });
    }
    this.startReading();
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const envelope = createEnvelope({
      type: contract.type,
      v: contract.v,
      actor: options.actor ?? 'system',
      data: checked.data,
      causedBy: options.causedBy,
      correlationId: options.correlationId,
      traceparent: options.traceparent,
    });
    // The server dead-letters a malformed envelope without answering: refuse it here rather than time out.
    const envelopeCheck = checkSchema(envelopeSchema, envelope);
    if (!envelopeCheck.ok) {
      const text = `invalid ${contract.type} envelope: ${describeIssues(envelopeCheck.issues)}`;
      throw new RpcError('INVALID_REQUEST', text, { issues: envelopeCheck.issues });
    }
    // Registered before sending: the reply can arrive before XADD's own answer does.
    const reply = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelope.id);
        const text = `${contract.type} got no reply from ${contract.service} within ${timeoutMs} ms`;
        reject(new RpcTimeoutError(text, { requestId: envelope.id, service: contract.service, timeoutMs }));
      }, timeoutMs);
      this.pending.set(envelope.id, { contract, resolve, reject, timer });
    });
    try {
      await this.options.publisher.publish(
        this.options.names.requests(contract.service),
        envelope,
        rpcRequestFields({ replyTo: this.inbox, deadline: Date.now() + timeoutMs }),
      );
    } catch (error) {
      this.settle(envelope.id)?.reject(
        new RpcError('UNAVAILABLE', `could not send ${contract.type}: ${(error as Error).message}`),
      );
    }
    return reply;
  }

  /** Removes a pending call and stops its timer; undefined when it already settled. */
  private settle(requestId: string): PendingCall | undefined {
    const call = this.pending.get(requestId);
    if (!call) return undefined;
    clearTimeout(call.timer);
    this.pending.delete(requestId);
    return call;
  }

  private startReading(): void {
    if (this.reading) return;
    const name = `rpc-inbox:${this.options.instanceId}`;
    try {
      // Opened on the first call: a process that never calls holds no blocking connection.
      this.connection = this.options.clients.dedicated('core', 'blocking', name, {
        maxBlockMs: this.readBlockMs,
      });
    } catch (error) {
      throw new RpcError('UNAVAILABLE', `cannot read RPC replies: ${(error as Error).message}`);
    }
    const connection = this.connection;
    // A reconnected socket is a new client with a new id.
    connection.on('close', () => (this.readerClientId = undefined));
    this.reading = this.readLoop(connection);
  }

  private rememberReaderClientId(connection: RedisConnection): void {
    if (this.readerClientId !== undefined || isCluster(connection)) return;
    connection
      .call('CLIENT', 'ID')
      .then((id) => (this.readerClientId = Number(id)))
      .catch(() => undefined);
  }

  private async readLoop(connection: RedisConnection): Promise<void> {
    while (!this.closed && !hasEnded(connection)) {
      try {
        this.rememberReaderClientId(connection);
        const streams = await connection.xread(
          'COUNT',
          this.options.readBatchSize ?? DEFAULT_READ_BATCH,
          'BLOCK',
          this.readBlockMs,
          'STREAMS',
          this.inbox,
          this.lastEntryId,
        );
        if (this.readFailing) this.logger.log(`reading ${this.inbox} again`);
        this.readFailing = false;
        for (const [, entries] of streams ?? []) {
          for (const [entryId, fields] of entries) {
            this.lastEntryId = entryId;
            this.deliver(fieldsToRecord(fields));
          }
        }
      } catch (error) {
        if (this.closed || hasEnded(connection)) break;
        if (!this.readFailing) {
          this.logger.warn(`reading ${this.inbox} failed: ${(error as Error).message}; retrying`);
        }
        this.readFailing = true;
        await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS));
      }
    }
  }

  private deliver(fields: Record<string, string>): void {
    const reply = parseRpcReply(fields);
    if (!reply) {
      this.logger.warn(`ignoring an entry of ${this.inbox} without a request id`);
      return;
    }
    const call = this.settle(reply.requestId);
    if (!call) {
      this.logger.debug?.(`ignoring a late reply to request ${reply.requestId}: the call already ended`);
      return;
    }
    if (!reply.outcome.ok) {
      call.reject(reply.outcome.error);
      return;
    }
    const response = checkSchema(call.contract.response, reply.outcome.data);
    if (response.ok) {
      call.resolve(response.data);
      return;
    }
    const text = `${call.contract.type} reply breaks its contract: ${describeIssues(response.issues)}`;
    call.reject(new RpcError('INVALID_RESPONSE', text, { issues: response.issues }));
  }

  /** Fails the calls still waiting, stops the inbox loop and frees its connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const requestId of [...this.pending.keys()]) {
      this.settle(requestId)?.reject(new RpcError('UNAVAILABLE', 'the RPC client is shutting down'));
    }
    const { connection, reading } = this;
    if (!connection || !reading) return;
    // CLIENT UNBLOCK ends the blocked XREAD with an empty answer, so the loop sees `closed` and the connection
    // closes idle; cutting a connection in mid-read leaves ioredis' socket timer holding the process for seconds.
    const unblocked =
      this.readerClientId === undefined
        ? 0
        : await this.options.clients.core.call('CLIENT', 'UNBLOCK', this.readerClientId).catch(() => 0);
    if (Number(unblocked) === 1)
      await withDeadline(reading, 1000, 'ending the inbox read').catch(() => undefined);
    await this.options.clients.release(connection);
    await reading;
  }
}
