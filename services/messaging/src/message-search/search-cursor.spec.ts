import { RpcError } from '@tracera/streams';
import { decodeSearchCursor, encodeSearchCursor } from './search-cursor';

describe('message search cursor', () => {
  it('round-trips the position of the last hit', () => {
    const position = { createdAt: '2026-11-23T18:00:00.123Z', id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' };
    expect(decodeSearchCursor(encodeSearchCursor(position))).toEqual(position);
    expect(decodeSearchCursor(undefined)).toBeUndefined();
  });

  it('refuses a cursor it did not hand out, naming the field', () => {
    for (const cursor of ['nope', Buffer.from('["x","y"]').toString('base64url')]) {
      let failure: unknown;
      try {
        decodeSearchCursor(cursor);
      } catch (error) {
        failure = error;
      }
      expect(failure).toBeInstanceOf(RpcError);
      expect((failure as RpcError).code).toBe('VALIDATION');
      expect((failure as RpcError).details).toEqual({
        errors: [{ field: 'cursor', message: 'is not a cursor this search handed out' }],
      });
    }
  });
});
