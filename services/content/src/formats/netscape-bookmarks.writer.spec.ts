import { type ExportedBookmark } from '../transfers/transfer-ports';
import { parseNetscapeBookmarks } from './netscape-bookmarks.parser';
import { writeNetscapeBookmarks } from './netscape-bookmarks.writer';

let sequence = 0;
function bookmark(overrides: Partial<ExportedBookmark>): ExportedBookmark {
  sequence++;
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    url: `https://example.com/${sequence}`,
    domain: 'example.com',
    title: `Bookmark ${sequence}`,
    description: '',
    faviconUrl: null,
    favorite: false,
    read: true,
    archived: false,
    tags: [],
    collectionId: null,
    collectionPath: [],
    createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, sequence)).toISOString(),
    updatedAt: new Date(Date.UTC(2024, 5, 1, 0, 0, sequence)).toISOString(),
    version: 1,
    ...overrides,
  };
}

async function* pagesOf<T>(...pages: T[][]): AsyncIterable<T[]> {
  for (const page of pages) {
    // Like a database reader: each page arrives later.
    await Promise.resolve();
    yield page;
  }
}

async function written(...pages: ExportedBookmark[][]): Promise<string> {
  let html = '';
  for await (const chunk of writeNetscapeBookmarks(pagesOf(...pages))) html += chunk;
  return html;
}

describe('writeNetscapeBookmarks', () => {
  it('writes the standard header and an empty list for no bookmarks', async () => {
    const html = await written();
    expect(html).toMatch(/^<!DOCTYPE NETSCAPE-Bookmark-file-1>\n/);
    expect(html).toContain('<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">');
    expect(html).toContain('<TITLE>Bookmarks</TITLE>');
    expect(parseNetscapeBookmarks(html)).toEqual({ rows: [], problems: [] });
  });

  it('writes dates in epoch seconds, tags and escaped text', async () => {
    const html = await written([
      bookmark({
        url: 'https://example.com/?a=1&b="2"',
        title: 'Tom & <Jerry>',
        tags: ['cartoons', 'classic'],
        description: 'Cat <chases> mouse',
        createdAt: '2024-03-01T10:00:00.000Z',
        updatedAt: '2024-03-02T10:00:00.000Z',
      }),
    ]);
    expect(html).toContain(
      '<DT><A HREF="https://example.com/?a=1&amp;b=&quot;2&quot;" ADD_DATE="1709287200" LAST_MODIFIED="1709373600" TAGS="cartoons,classic">Tom &amp; &lt;Jerry&gt;</A>',
    );
    expect(html).toContain('<DD>Cat &lt;chases&gt; mouse');
  });

  it('gives back url, title, description, tags, folders, date and flags when read again', async () => {
    const originals = [
      bookmark({ title: 'Plain' }),
      bookmark({
        url: 'https://example.com/search?q="quotes"&x=<y>&z=\'single\'',
        title: 'Quotes "double" and \'single\', <tags> & ampersands &amp; already',
        description: 'Line one\nline two with <b>markup</b> & "quotes"\n\n  indented line three 🎉',
        tags: ['q&a', 'c++', 'über'],
        collectionPath: ['Work', 'Projects & <Ideas>'],
        favorite: true,
      }),
      bookmark({
        title: '日本語のタイトル 🍣 emoji',
        description: '説明文\r\nwith CRLF',
        tags: ['日本'],
        collectionPath: ['Work', 'Projects & <Ideas>'],
        read: false,
      }),
      bookmark({ title: 'Sibling folder', collectionPath: ['Work', 'Other'], archived: true }),
      bookmark({ title: 'Back to the top', collectionPath: [] }),
      bookmark({
        title: 'Folder seen again',
        collectionPath: ['Work'],
        description: '&amp; literal entity text',
      }),
      bookmark({ title: '', collectionPath: ['Deep', 'er', 'est'] }),
    ];
    // Split over pages, and folders revisited: the stream must still nest correctly.
    const html = await written(originals.slice(0, 2), [], originals.slice(2, 5), originals.slice(5));
    const { rows, problems } = parseNetscapeBookmarks(html);
    expect(problems).toEqual([]);
    expect(
      rows.map(({ url, title, description, tags, folderPath, addedAt, favorite, read, archived }) => ({
        url,
        title,
        description,
        tags,
        folderPath,
        addedAt: addedAt?.toISOString(),
        favorite,
        read,
        archived,
      })),
    ).toEqual(
      originals.map(
        ({ url, title, description, tags, collectionPath, createdAt, favorite, read, archived }) => ({
          url,
          title,
          description,
          tags,
          folderPath: collectionPath,
          addedAt: createdAt,
          favorite,
          read,
          archived,
        }),
      ),
    );
  });

  it('yields as pages arrive rather than all at the end', async () => {
    const chunks: string[] = [];
    for await (const chunk of writeNetscapeBookmarks(pagesOf([bookmark({})], [bookmark({})])))
      chunks.push(chunk);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
  });
});
