import { validationFailed } from '@tracera/streams';
import { type FileEntity } from './file.entity';
import { type FileSortField } from './file.repository';

export interface FilePageCursor {
  value: string | number;
  id: string;
}

/** Opaque to clients: base64url of the last row's sort value and id. */
export function encodeFileCursor(file: FileEntity, sort: FileSortField): string {
  const value = sort === 'createdAt' || sort === 'updatedAt' ? file[sort].toISOString() : file[sort];
  return Buffer.from(JSON.stringify([value, file.id])).toString('base64url');
}

/** The position a cursor names; VALIDATION on `cursor` when this list did not hand it out. */
export function decodeFileCursor(
  cursor: string | undefined,
  sort: FileSortField,
): FilePageCursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [value, id] = parsed as [unknown, unknown];
      const valueFits =
        sort === 'size'
          ? typeof value === 'number'
          : typeof value === 'string' && (sort === 'name' || !Number.isNaN(Date.parse(value)));
      if (valueFits && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) {
        return { value: value as string | number, id };
      }
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw validationFailed([{ field: 'cursor', message: 'is not a cursor this list handed out' }]);
}
