import { RpcError } from '@tracera/streams';

export function payloadTooLarge(maxBytes: number): RpcError {
  return new RpcError('PAYLOAD_TOO_LARGE', `the upload is larger than the limit of ${maxBytes} bytes`, {
    maxBytes,
  });
}

/** Unknown, expired and already used tickets look the same. */
export function unknownTicket(): RpcError {
  return new RpcError('NOT_FOUND', 'no such ticket: it is unknown, expired or already used');
}
