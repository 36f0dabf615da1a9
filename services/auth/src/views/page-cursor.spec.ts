import { RpcError } from '@tracera/streams';
import { decodeUserCursor, encodeUserCursor } from './page-cursor';

describe('user page cursor', () => {
  it('round-trips a position', () => {
    const position = { username: 'ada.l', id: '0190f5c2-1111-7aaa-8bbb-123456789abc' };
    const cursor = encodeUserCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeUserCursor(cursor)).toEqual(position);
  });

  it('treats no cursor as the first page', () => {
    expect(decodeUserCursor(undefined)).toBeUndefined();
  });

  it.each([
    'garbage',
    Buffer.from('["a"]').toString('base64url'),
    Buffer.from('["a","x"]').toString('base64url'),
  ])('refuses a cursor it did not make (%s) with VALIDATION on cursor', (cursor) => {
    expect(() => decodeUserCursor(cursor)).toThrow(RpcError);
  });
});
