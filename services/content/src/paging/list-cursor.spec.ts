import { RpcError } from '@tracera/streams';
import { decodeListCursor, encodeListCursor, keysetPage } from './list-cursor';

const ID = '0190a000-0000-7000-8000-000000000001';

describe('list cursors', () => {
  it('round-trips the sort, value and id', () => {
    const cursor = encodeListCursor({ sort: '-createdAt', value: '2026-01-01 00:00:00.123+00', id: ID });
    expect(decodeListCursor(cursor, '-createdAt')).toEqual({
      sort: '-createdAt',
      value: '2026-01-01 00:00:00.123+00',
      id: ID,
    });
  });

  it('leaves a long value out so the cursor stays within the 200 characters requests allow', () => {
    const cursor = encodeListCursor({ sort: '-title', value: 'é'.repeat(500), id: ID });
    expect(cursor.length).toBeLessThanOrEqual(200);
    expect(decodeListCursor(cursor, '-title')).toEqual({ sort: '-title', value: null, id: ID });
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['another sort order', encodeListCursor({ sort: 'title', value: 'a', id: ID })],
    ['a bad id', Buffer.from(JSON.stringify(['-createdAt', 'x', 'nope'])).toString('base64url')],
  ])('refuses %s with VALIDATION on cursor', (_label, cursor) => {
    try {
      decodeListCursor(cursor, '-createdAt');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(RpcError);
      expect((error as RpcError).details).toEqual({
        errors: [{ field: 'cursor', message: 'is not a cursor this list handed out' }],
      });
    }
  });

  it('hands out a next cursor only when the extra row exists', () => {
    const rows = [1, 2, 3].map((n) => ({ row: { id: `${ID.slice(0, -1)}${n}` }, sortValue: `v${n}` }));
    const page = keysetPage(rows, 2, 'title', (row) => row.id);
    expect(page.items).toHaveLength(2);
    expect(decodeListCursor(page.nextCursor!, 'title')).toMatchObject({ value: 'v2' });
    expect(keysetPage(rows, 3, 'title', (row) => row.id).nextCursor).toBeNull();
  });
});
