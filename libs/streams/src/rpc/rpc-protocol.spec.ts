import { fieldsToRecord } from '@tracera/contracts';
import { RpcError, RpcTimeoutError } from './rpc-error';
import { parseRpcReply, readRpcRequestTransport, rpcReplyFields, rpcRequestFields } from './rpc-protocol';

describe('RPC wire format', () => {
  it('round-trips a successful reply', () => {
    const fields = fieldsToRecord(
      rpcReplyFields({ requestId: 'r1', correlationId: 'c1', ok: true, data: { a: 1 } }),
    );
    expect(parseRpcReply(fields)).toEqual({ requestId: 'r1', outcome: { ok: true, data: { a: 1 } } });
  });

  it('round-trips a structured error, rebuilding its class and status', () => {
    const error = new RpcError('CONFLICT', 'already taken', { field: 'slug' });
    const fields = fieldsToRecord(
      rpcReplyFields({ requestId: 'r2', correlationId: 'c2', ok: false, error: error.toBody() }),
    );
    const parsed = parseRpcReply(fields);
    expect(parsed?.outcome.ok).toBe(false);
    const rebuilt = (parsed?.outcome as { error: RpcError }).error;
    expect(rebuilt).toBeInstanceOf(RpcError);
    expect(rebuilt).toMatchObject({
      code: 'CONFLICT',
      status: 409,
      message: 'already taken',
      details: { field: 'slug' },
    });
  });

  it('fails a call whose reply is not JSON instead of leaving it to time out', () => {
    const parsed = parseRpcReply({ requestId: 'r3', ok: '1', data: '{nope' });
    expect((parsed?.outcome as { error: RpcError }).error.code).toBe('INVALID_RESPONSE');
  });

  it('ignores an entry without a request id', () => {
    expect(parseRpcReply({ ok: '1', data: 'null' })).toBeUndefined();
  });

  it('reads the transport fields of a request, or names what is missing', () => {
    expect(readRpcRequestTransport(rpcRequestFields({ replyTo: 'tr:{inbox:a}', deadline: 1700 }))).toEqual({
      replyTo: 'tr:{inbox:a}',
      deadline: 1700,
    });
    expect(readRpcRequestTransport({ deadline: '1700' })).toEqual({
      problem: 'request has no replyTo inbox',
    });
    expect(readRpcRequestTransport({ replyTo: 'x', deadline: 'soon' })).toEqual({
      problem: 'request has no valid deadline',
    });
  });
});

describe('RpcError', () => {
  it('maps codes to HTTP statuses for the gateway', () => {
    expect(new RpcError('NOT_FOUND', 'x').status).toBe(404);
    expect(new RpcError('VALIDATION', 'x').status).toBe(422);
    expect(new RpcError('FORBIDDEN', 'x').status).toBe(403);
    expect(new RpcError('UNAVAILABLE', 'x').status).toBe(503);
    expect(new RpcTimeoutError('x').status).toBe(504);
  });

  it('turns anything but an RpcError into a generic INTERNAL error', () => {
    const leaked = RpcError.from(new Error('password authentication failed for user "content"'));
    expect(leaked.toBody()).toEqual({ code: 'INTERNAL', message: 'internal error' });
    expect(RpcError.from({ status: 'error', message: 'Internal server error' }).code).toBe('INTERNAL');
  });

  it('reads an unknown code from a newer peer as INTERNAL, keeping its message', () => {
    const error = RpcError.fromBody({ code: 'TEAPOT', message: 'short and stout' });
    expect(error).toMatchObject({ code: 'INTERNAL', status: 500, message: 'short and stout' });
    expect(RpcError.fromBody({ code: 'RPC_TIMEOUT', message: 'late' })).toBeInstanceOf(RpcTimeoutError);
  });

  it('is its own Nest RpcException payload, so Nest exception filters pass it through', () => {
    const error = new RpcError('NOT_FOUND', 'gone');
    expect(error.getError()).toBe(error);
  });
});
