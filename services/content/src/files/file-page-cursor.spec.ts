import { RpcError } from '@tracera/streams';
import { type FileEntity } from './file.entity';
import { decodeFileCursor, encodeFileCursor } from './file-page-cursor';

const file = {
  id: '01a20931-730b-75e3-8e47-f24da8333e93',
  name: 'Grüße "draft".txt',
  size: 1234,
  createdAt: new Date('2026-11-23T10:00:00.123Z'),
  updatedAt: new Date('2026-11-23T11:00:00.456Z'),
} as FileEntity;

describe('file list cursors', () => {
  it.each([
    ['createdAt', '2026-11-23T10:00:00.123Z'],
    ['updatedAt', '2026-11-23T11:00:00.456Z'],
    ['name', 'Grüße "draft".txt'],
    ['size', 1234],
  ] as const)('round-trips the last row of a page sorted by %s', (sort, value) => {
    expect(decodeFileCursor(encodeFileCursor(file, sort), sort)).toEqual({ value, id: file.id });
  });

  it('reads no cursor as the first page', () => {
    expect(decodeFileCursor(undefined, 'name')).toBeUndefined();
  });

  it.each([
    'garbage',
    Buffer.from('["x","not-an-id"]').toString('base64url'),
    encodeFileCursor(file, 'name'),
  ])('refuses a cursor the list did not hand out for this order (%s) with VALIDATION on cursor', (cursor) => {
    let caught: unknown;
    try {
      decodeFileCursor(cursor, 'size');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RpcError);
    expect((caught as RpcError).details).toEqual({
      errors: [{ field: 'cursor', message: 'is not a cursor this list handed out' }],
    });
  });
});
