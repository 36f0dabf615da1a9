import { type CollectionView, type NoteView } from '@tracera/contracts';
import { strFromU8, unzipSync } from 'fflate';
import { writeMarkdownNotesZip, yamlString } from './markdown-notes.writer';

let sequence = 0;
const idOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function note(overrides: Partial<NoteView>): NoteView {
  sequence++;
  return {
    id: idOf(sequence),
    title: `Note ${sequence}`,
    body: `Body ${sequence}`,
    pinned: false,
    tags: [],
    collectionId: null,
    createdAt: '2024-01-02T03:04:05.000Z',
    updatedAt: '2024-02-03T04:05:06.000Z',
    version: 1,
    ...overrides,
  };
}

function collection(id: string, name: string, parentId: string | null = null): CollectionView {
  return {
    id,
    name,
    parentId,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    version: 1,
  };
}

async function* pagesOf<T>(...pages: T[][]): AsyncIterable<T[]> {
  for (const page of pages) {
    // Like a database reader: each page arrives later.
    await Promise.resolve();
    yield page;
  }
}

async function zipped(
  pages: NoteView[][],
  collections: CollectionView[] = [],
): Promise<Record<string, string>> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of writeMarkdownNotesZip(pagesOf(...pages), collections)) chunks.push(chunk);
  const bytes = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
}

/** Reads the front matter back: every value we write is also JSON, which is a subset of YAML. */
function frontMatterOf(markdown: string): { meta: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n\n([\s\S]*)$/.exec(markdown);
  if (match === null) throw new Error(`no front matter in ${markdown}`);
  const meta = Object.fromEntries(
    match[1].split('\n').map((line) => {
      const separator = line.indexOf(': ');
      return [line.slice(0, separator), JSON.parse(line.slice(separator + 2)) as unknown];
    }),
  );
  return { meta, body: match[2] };
}

describe('writeMarkdownNotesZip', () => {
  const work = collection(idOf(9001), 'Work');
  const projects = collection(idOf(9002), 'Projects', work.id);

  it('writes one Markdown file per note with its metadata as front matter', async () => {
    const written = note({
      title: 'Plan: "Q3" <draft>',
      body: '# Heading\n\n- item one\n- item two\n',
      tags: ['planning', 'q3'],
      pinned: true,
      collectionId: projects.id,
    });
    const files = await zipped([[written]], [work, projects]);
    expect(Object.keys(files)).toEqual(['Work/Projects/Plan- -Q3- -draft-.md']);
    const { meta, body } = frontMatterOf(files['Work/Projects/Plan- -Q3- -draft-.md']);
    expect(meta).toEqual({
      id: written.id,
      title: 'Plan: "Q3" <draft>',
      tags: ['planning', 'q3'],
      pinned: true,
      collection: ['Work', 'Projects'],
      createdAt: '2024-01-02T03:04:05.000Z',
      updatedAt: '2024-02-03T04:05:06.000Z',
    });
    expect(body).toBe('# Heading\n\n- item one\n- item two\n');
  });

  it('escapes titles that would break YAML', async () => {
    const awkward =
      'Line one\nline two: "quoted" \\ backslash # not a comment\u2028sep\u0085nel --- 日本語 🍣';
    const files = await zipped([[note({ title: awkward, body: 'x' })]]);
    const [markdown] = Object.values(files);
    expect(markdown.split('\n').filter((line) => line === '---')).toHaveLength(2);
    expect(frontMatterOf(markdown).meta.title).toBe(awkward);
    expect(yamlString('a\u2028b')).toBe('"a\\u2028b"');
  });

  it('gives every note a safe, unique file name', async () => {
    const files = await zipped(
      [
        [note({ title: 'Same' }), note({ title: 'same' }), note({ title: '../../escape' })],
        [note({ title: '' }), note({ title: '   ' }), note({ title: 'Same' })],
      ],
      [],
    );
    expect(Object.keys(files).sort()).toEqual(
      ['Same.md', 'same (2).md', 'escape.md', 'Untitled.md', 'Untitled (2).md', 'Same (3).md'].sort(),
    );
    for (const name of Object.keys(files)) {
      expect(name).not.toMatch(/(^|\/)\.\.?(\/|$)|^\/|\p{Cc}/u);
    }
  });

  it('keeps sibling collections with clashing names in separate folders, and orphans at the top', async () => {
    const a = collection(idOf(9101), 'Ideas');
    const b = collection(idOf(9102), 'ideas');
    const slashy = collection(idOf(9103), 'a/b', a.id);
    const files = await zipped(
      [
        [
          note({ title: 'One', collectionId: a.id }),
          note({ title: 'Two', collectionId: b.id }),
          note({ title: 'Three', collectionId: slashy.id }),
          note({ title: 'Lost', collectionId: idOf(9999) }),
        ],
      ],
      [a, b, slashy],
    );
    expect(Object.keys(files).sort()).toEqual([
      'Ideas/One.md',
      'Ideas/a-b/Three.md',
      'Lost.md',
      'ideas (2)/Two.md',
    ]);
    expect(frontMatterOf(files['Ideas/a-b/Three.md']).meta.collection).toEqual(['Ideas', 'a/b']);
  });

  it('streams: yields data as notes are added, and a valid empty zip for no notes', async () => {
    const chunks: Uint8Array[] = [];
    const many = Array.from({ length: 20 }, (_, index) => note({ body: `note ${index} `.repeat(1000) }));
    for await (const chunk of writeMarkdownNotesZip(pagesOf(many.slice(0, 10), many.slice(10)), [])) {
      chunks.push(chunk);
    }
    expect(chunks.length).toBeGreaterThan(20);
    expect(await zipped([])).toEqual({});
  });
});
