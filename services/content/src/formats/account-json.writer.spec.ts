import {
  type CollectionView,
  type FileView,
  type NoteView,
  type TagView,
  type TaskView,
} from '@tracera/contracts';
import { AccountReader, type ExportedBookmark } from '../transfers/transfer-ports';
import { ACCOUNT_EXPORT_SCHEMA_VERSION, writeAccountJson } from './account-json.writer';

const USER = '11111111-1111-4111-8111-111111111111';
const at = '2024-01-01T00:00:00.000Z';
const idOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const base = (n: number) => ({
  id: idOf(n),
  tags: [],
  collectionId: null,
  createdAt: at,
  updatedAt: at,
  version: 1,
});

/** An in-memory account that records how far the writer has read, to prove it streams. */
class InMemoryAccount extends AccountReader {
  readonly pagesRead: string[] = [];
  readonly askedFor: string[] = [];

  constructor(
    private readonly content: {
      bookmarks: ExportedBookmark[][];
      notes: NoteView[][];
      tasks: TaskView[][];
      files: FileView[][];
      collections: CollectionView[];
      tags: TagView[];
    },
  ) {
    super();
  }

  bookmarks(userId: string) {
    return this.pages('bookmarks', userId, this.content.bookmarks);
  }
  notes(userId: string) {
    return this.pages('notes', userId, this.content.notes);
  }
  tasks(userId: string) {
    return this.pages('tasks', userId, this.content.tasks);
  }
  files(userId: string) {
    return this.pages('files', userId, this.content.files);
  }
  collections(userId: string) {
    this.askedFor.push(userId);
    return Promise.resolve(this.content.collections);
  }
  tags(userId: string) {
    this.askedFor.push(userId);
    return Promise.resolve(this.content.tags);
  }

  private async *pages<T>(kind: string, userId: string, pages: T[][]): AsyncIterable<T[]> {
    this.askedFor.push(userId);
    for (const [index, page] of pages.entries()) {
      this.pagesRead.push(`${kind}:${index}`);
      await Promise.resolve();
      yield page;
    }
  }
}

function bookmark(n: number): ExportedBookmark {
  return {
    ...base(n),
    url: `https://example.com/${n}`,
    domain: 'example.com',
    title: `Title "${n}" </script> \u2028 🎉`,
    description: 'line\nbreak',
    faviconUrl: null,
    favorite: false,
    read: true,
    archived: false,
    collectionPath: ['Work'],
  };
}

const note = (n: number): NoteView => ({ ...base(n), title: `Note ${n}`, body: '# md', pinned: true });
const task = (n: number): TaskView => ({
  ...base(n),
  title: `Task ${n}`,
  description: '',
  status: 'done',
  priority: 'high',
  dueAt: null,
  parentId: null,
  completedAt: at,
});
const file = (n: number): FileView => ({
  ...base(n),
  name: 'a.pdf',
  size: 10,
  contentType: 'application/pdf',
  checksum: 'ab',
  description: '',
});

async function collect(reader: AccountReader, onChunk?: (chunk: string) => void): Promise<string> {
  let text = '';
  for await (const chunk of writeAccountJson(reader, USER)) {
    onChunk?.(chunk);
    text += chunk;
  }
  return text;
}

describe('writeAccountJson', () => {
  const collections: CollectionView[] = [
    { id: idOf(900), name: 'Work', parentId: null, createdAt: at, updatedAt: at, version: 2 },
  ];
  const tags: TagView[] = [{ id: idOf(901), name: 'rust', itemCount: 3, createdAt: at }];

  it('writes one JSON document with every kind of item, page after page', async () => {
    const reader = new InMemoryAccount({
      bookmarks: [[bookmark(1), bookmark(2)], [], [bookmark(3)]],
      notes: [[note(4)]],
      tasks: [[task(5)], [task(6)]],
      files: [[file(7)]],
      collections,
      tags,
    });
    const before = Date.now();
    const document = JSON.parse(await collect(reader)) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual([
      'schemaVersion',
      'exportedAt',
      'collections',
      'tags',
      'bookmarks',
      'notes',
      'tasks',
      'files',
    ]);
    expect(document.schemaVersion).toBe(ACCOUNT_EXPORT_SCHEMA_VERSION);
    expect(Date.parse(document.exportedAt as string)).toBeGreaterThanOrEqual(before - 1000);
    expect(document).toMatchObject({
      collections,
      tags,
      bookmarks: [bookmark(1), bookmark(2), bookmark(3)],
      notes: [note(4)],
      tasks: [task(5), task(6)],
      files: [file(7)],
    });
    expect(reader.askedFor.every((userId) => userId === USER)).toBe(true);
  });

  it('writes empty lists for an empty account', async () => {
    const reader = new InMemoryAccount({
      bookmarks: [],
      notes: [[]],
      tasks: [],
      files: [],
      collections: [],
      tags: [],
    });
    expect(JSON.parse(await collect(reader))).toMatchObject({
      collections: [],
      tags: [],
      bookmarks: [],
      notes: [],
      tasks: [],
      files: [],
    });
  });

  it('hands each page on before reading the next one', async () => {
    const reader = new InMemoryAccount({
      bookmarks: [[bookmark(1)], [bookmark(2)], [bookmark(3)]],
      notes: [],
      tasks: [],
      files: [],
      collections: [],
      tags: [],
    });
    const readWhenYielded: string[][] = [];
    await collect(reader, (chunk) => {
      if (chunk.includes('https://example.com/2')) readWhenYielded.push([...reader.pagesRead]);
    });
    expect(readWhenYielded).toEqual([['bookmarks:0', 'bookmarks:1']]);
  });
});
