import { RpcError, type RpcErrorBody } from './rpc-error';

/**
 * Stream fields of RPC traffic beyond the envelope. A request entry is the envelope's fields plus `replyTo`
 * (the caller's inbox stream) and `deadline` (epoch ms after which nobody waits for the answer). A reply
 * entry, XADDed to that inbox, carries the request's envelope id and either the data or an error.
 */
export const RpcField = {
  replyTo: 'replyTo',
  deadline: 'deadline',
  requestId: 'requestId',
  correlationId: 'correlationId',
  ok: 'ok',
  data: 'data',
  error: 'error',
} as const;

export interface RpcRequestTransport {
  replyTo: string;
  /** Epoch ms. */
  deadline: number;
}

export function rpcRequestFields(transport: RpcRequestTransport): Record<string, string> {
  return { [RpcField.replyTo]: transport.replyTo, [RpcField.deadline]: String(transport.deadline) };
}

/** The transport fields of a request entry, or a reason they are unusable. */
export function readRpcRequestTransport(
  fields: Record<string, string>,
): RpcRequestTransport | { problem: string } {
  const replyTo = fields[RpcField.replyTo];
  const deadline = Number(fields[RpcField.deadline]);
  if (!replyTo) return { problem: 'request has no replyTo inbox' };
  if (!Number.isFinite(deadline)) return { problem: 'request has no valid deadline' };
  return { replyTo, deadline };
}

export type RpcReply =
  | { requestId: string; correlationId: string; ok: true; data: unknown }
  | { requestId: string; correlationId: string; ok: false; error: RpcErrorBody };

export function rpcReplyFields(reply: RpcReply): string[] {
  const head = [RpcField.requestId, reply.requestId, RpcField.correlationId, reply.correlationId];
  return reply.ok
    ? [...head, RpcField.ok, '1', RpcField.data, JSON.stringify(reply.data ?? null)]
    : [...head, RpcField.ok, '0', RpcField.error, JSON.stringify(reply.error)];
}

/** Parses a reply entry; a reply that cannot be parsed still names its request when it can, so the call fails fast. */
export function parseRpcReply(
  fields: Record<string, string>,
): { requestId: string; outcome: { ok: true; data: unknown } | { ok: false; error: RpcError } } | undefined {
  const requestId = fields[RpcField.requestId];
  if (!requestId) return undefined;
  try {
    if (fields[RpcField.ok] === '1') {
      return {
        requestId,
        outcome: { ok: true, data: JSON.parse(fields[RpcField.data] ?? 'null') as unknown },
      };
    }
    return {
      requestId,
      outcome: { ok: false, error: RpcError.fromBody(JSON.parse(fields[RpcField.error] ?? 'null')) },
    };
  } catch {
    return {
      requestId,
      outcome: { ok: false, error: new RpcError('INVALID_RESPONSE', 'the reply is not valid JSON') },
    };
  }
}
