import { Logger, type LoggerService } from '@nestjs/common';
import { type ContractTable, type RpcContract } from '@tracera/contracts';
import { type RedisConnection } from '@tracera/redis';
import { NonRetryableError, type StreamMessage } from '../events/stream-consumer.types';
import { RpcError } from './rpc-error';
import { readRpcRequestTransport, type RpcReply, rpcReplyFields } from './rpc-protocol';
import { checkSchema, describeIssues } from './schema-check';

/** Runs one RPC: receives the request data already checked against the contract, returns the response. */
export type RpcHandler = (data: unknown, message: StreamMessage) => Promise<unknown>;

export interface InboxRetention {
  /** Approximate MAXLEN of an inbox; the caller reads within milliseconds, so a small window suffices. */
  maxLen?: number;
  /** Refreshed with every reply, so the inbox of a dead caller disappears after this long. */
  ttlMs?: number;
}

export interface RpcResponderOptions {
  /** The service this process belongs to; requests for another service's contracts are refused. */
  service: string;
  contracts: ContractTable;
  handlerFor: (pattern: string) => RpcHandler | undefined;
  /** The shared core command connection (replies are plain XADDs, never blocking). */
  connection: RedisConnection;
  inbox?: InboxRetention;
  logger?: LoggerService;
}

type RpcOutcome = { ok: true; data: unknown } | { ok: false; error: RpcError };

export const DEFAULT_INBOX_MAX_LEN = 1000;
export const DEFAULT_INBOX_TTL_MS = 5 * 60_000;

/**
 * The serving half of RPC, independent of Nest: turns one request entry of the service's request stream into
 * exactly one reply on the caller's inbox. Its `handle` is the request stream consumer's handler: it resolves
 * once the reply is written (then the entry is acked), and throws only when the reply could not be written,
 * so the request is delivered again.
 */
export class RpcResponder {
  private readonly logger: LoggerService;
  private readonly inboxMaxLen: number;
  private readonly inboxTtlMs: number;

  constructor(private readonly options: RpcResponderOptions) {
    this.logger = options.logger ?? new Logger('RpcResponder');
    this.inboxMaxLen = options.inbox?.maxLen ?? DEFAULT_INBOX_MAX_LEN;
    this.inboxTtlMs = options.inbox?.ttlMs ?? DEFAULT_INBOX_TTL_MS;
  }

  readonly handle = async (message: StreamMessage): Promise<void> => {
    const { envelope } = message;
    const transport = readRpcRequestTransport(message.fields);
    // Without an inbox there is nobody to answer; keep the entry for inspection instead.
    if ('problem' in transport) throw new NonRetryableError(transport.problem);
    if (Date.now() > transport.deadline) {
      this.logger.debug?.(`skipping ${envelope.type} request ${envelope.id}: its caller stopped waiting`);
      return;
    }
    const answer = (outcome: RpcOutcome) => this.reply(transport.replyTo, message, outcome);

    const contract = this.servedContract(envelope.type);
    const handler = contract && this.options.handlerFor(contract.type);
    if (!contract || !handler) {
      const text = `${this.options.service} does not serve "${envelope.type}"`;
      return answer({ ok: false, error: new RpcError('NOT_IMPLEMENTED', text) });
    }
    const request = checkSchema(contract.request, envelope.data);
    if (!request.ok) {
      const text = `invalid ${contract.type} request: ${describeIssues(request.issues)}`;
      return answer({ ok: false, error: new RpcError('INVALID_REQUEST', text, { issues: request.issues }) });
    }

    let result: unknown;
    try {
      result = await handler(request.data, message);
    } catch (thrown) {
      // Nest's exception filter has already logged what it replaced; a bare Error reaches us only outside Nest.
      if (thrown instanceof Error && !(thrown instanceof RpcError)) {
        this.logger.error(`${contract.type} handler failed: ${thrown.stack ?? thrown.message}`);
      }
      return answer({ ok: false, error: RpcError.from(thrown) });
    }
    const response = checkSchema(contract.response, result);
    if (!response.ok) {
      this.logger.error(
        `${contract.type} handler returned a response that breaks its contract: ${describeIssues(response.issues)}`,
      );
      const text = `${contract.type} produced an invalid response`;
      return answer({
        ok: false,
        error: new RpcError('INVALID_RESPONSE', text, { issues: response.issues }),
      });
    }
    return answer({ ok: true, data: response.data });
  };

  private servedContract(pattern: string): RpcContract | undefined {
    const contract = this.options.contracts.find(pattern);
    return contract?.kind === 'rpc' && contract.service === this.options.service ? contract : undefined;
  }

  private async reply(inbox: string, request: StreamMessage, outcome: RpcOutcome): Promise<void> {
    const head = { requestId: request.envelope.id, correlationId: request.envelope.correlationId };
    const reply: RpcReply = outcome.ok
      ? { ...head, ok: true, data: outcome.data }
      : { ...head, ok: false, error: outcome.error.toBody() };
    // One key, so the transaction stays in one Cluster slot.
    const results = await this.options.connection
      .multi()
      .xadd(inbox, 'MAXLEN', '~', this.inboxMaxLen, '*', ...rpcReplyFields(reply))
      .pexpire(inbox, this.inboxTtlMs)
      .exec();
    const failed = results?.find(([commandError]) => commandError);
    if (!results || failed) {
      throw new Error(
        `could not write the reply to ${inbox}: ${failed?.[0]?.message ?? 'transaction aborted'}`,
      );
    }
  }
}
