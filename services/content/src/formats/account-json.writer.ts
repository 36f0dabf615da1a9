import { type AccountReader } from '../transfers/transfer-ports';

/** Bumped when the document's shape changes incompatibly, so an importer can tell versions apart. */
export const ACCOUNT_EXPORT_SCHEMA_VERSION = 1;

/**
 * Streams everything a user owns as one JSON document:
 * `{schemaVersion, exportedAt, collections, tags, bookmarks, notes, tasks, files}`. Item lists are written
 * page by page as the reader yields them, so a large account is never held in memory at once; one item
 * per line keeps the file greppable and diffable. File entries are metadata only (bytes are not included).
 */
export async function* writeAccountJson(reader: AccountReader, userId: string): AsyncIterable<string> {
  yield `{"schemaVersion":${ACCOUNT_EXPORT_SCHEMA_VERSION},"exportedAt":${JSON.stringify(new Date().toISOString())}`;
  yield `,\n"collections":${jsonArray(await reader.collections(userId))}`;
  yield `,\n"tags":${jsonArray(await reader.tags(userId))}`;
  yield* arrayOf('bookmarks', reader.bookmarks(userId));
  yield* arrayOf('notes', reader.notes(userId));
  yield* arrayOf('tasks', reader.tasks(userId));
  yield* arrayOf('files', reader.files(userId));
  yield '\n}\n';
}

function jsonArray(items: readonly unknown[]): string {
  return items.length === 0 ? '[]' : `[\n${items.map((item) => JSON.stringify(item)).join(',\n')}\n]`;
}

async function* arrayOf(name: string, pages: AsyncIterable<readonly unknown[]>): AsyncIterable<string> {
  yield `,\n${JSON.stringify(name)}:[`;
  let first = true;
  for await (const page of pages) {
    if (page.length === 0) continue;
    yield `${first ? '\n' : ',\n'}${page.map((item) => JSON.stringify(item)).join(',\n')}`;
    first = false;
  }
  yield first ? ']' : '\n]';
}
