import { MalformedImportError } from './import-problems';
import { parseNetscapeBookmarks } from './netscape-bookmarks.parser';

const CHROME_EXPORT = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="1700000000" LAST_MODIFIED="1700000100" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks bar</H3>
    <DL><p>
        <DT><A HREF="https://nodejs.org/en/docs" ADD_DATE="1700000001" ICON="data:image/png;base64,iVBORw0KGgo=">Node.js &amp; docs</A>
        <DT><H3 ADD_DATE="1700000002" LAST_MODIFIED="0">Work</H3>
        <DL><p>
            <DT><A HREF="https://github.com/tracera" ADD_DATE="1700000003">GitHub</A>
        </DL><p>
        <DT><A HREF="javascript:alert(document.title)" ADD_DATE="1700000004">Bookmarklet</A>
    </DL><p>
    <DT><A HREF="https://example.org/other" ADD_DATE="1700000005">Other</A>
</DL><p>
`;

const FIREFOX_EXPORT = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'self'; script-src 'none'; img-src data: *; object-src 'none'"></meta>
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks Menu</H1>

<DL><p>
    <DT><A HREF="place:parent=toolbar_____&sort=12&maxResults=10" ADD_DATE="1700000000" LAST_MODIFIED="1700000000">Recent Tags</A>
    <DT><A HREF="https://www.mozilla.org/en-US/firefox/" ADD_DATE="1600000000" LAST_MODIFIED="1600000001" ICON_URI="https://www.mozilla.org/favicon.ico" TAGS="browser,mozilla" SHORTCUTURL="moz">Firefox — “quoted”</A>
    <DD>A description
that spans lines &lt;b&gt;not bold&lt;/b&gt; &amp; has entities &#128512;
    <DT><H3 ADD_DATE="1600000000" LAST_MODIFIED="1600000000" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks Toolbar</H3>
    <DD>Add bookmarks to this folder to see them displayed on the Bookmarks Toolbar
    <DL><p>
        <DT><A HREF="https://developer.mozilla.org/" ADD_DATE="1600000002">MDN</A>
    </DL><p>
    <DT><H3 ADD_DATE="1600000000" LAST_MODIFIED="1600000000" UNFILED_BOOKMARKS_FOLDER="true">Other Bookmarks</H3>
    <DL><p>
        <DT><A HREF="" ADD_DATE="1600000003">Empty</A>
        <DT><A ADD_DATE="1600000004">No href at all</A>
        <DT><A HREF="file:///home/me/notes.txt">A local file</A>
    </DL><p>
</DL>
`;

// Safari writes no outer <DL> and marks the Reading List folder with an id.
const SAFARI_EXPORT = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
	<HTML>
	<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
	<Title>Bookmarks</Title>
	<H1>Bookmarks</H1>
	<DT><H3 FOLDED>Favorites</H3>
	<DL><p>
		<DT><A HREF="https://www.apple.com/">Apple</A>
	</DL><p>
	<DT><H3 FOLDED id="com.apple.ReadingList">Reading List</H3>
	<DL><p>
		<DT><A HREF="https://webkit.org/blog/">WebKit blog</A>
		<DD>Preview text Safari saved
	</DL><p>
</HTML>
`;

// Pinboard / Linkding style: flat, with TAGS, PRIVATE and TOREAD.
const PINBOARD_EXPORT = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Pinboard Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p><DT><A HREF="https://read.me/later" ADD_DATE="1690000000" PRIVATE="1" TOREAD="1" TAGS="later, long read,,">Later</A>
<DT><A HREF="https://done.example/" ADD_DATE="1690000001" PRIVATE="0" TOREAD="0" TAGS="">Done</A>
<DD>note
</DL></p>
`;

describe('parseNetscapeBookmarks', () => {
  it('reads a Chrome export: nested folders, titles, dates, line numbers', () => {
    const { rows, problems } = parseNetscapeBookmarks(CHROME_EXPORT);
    expect(rows.map(({ url, title, folderPath, line }) => ({ url, title, folderPath, line }))).toEqual([
      { url: 'https://nodejs.org/en/docs', title: 'Node.js & docs', folderPath: ['Bookmarks bar'], line: 11 },
      { url: 'https://github.com/tracera', title: 'GitHub', folderPath: ['Bookmarks bar', 'Work'], line: 14 },
      { url: 'https://example.org/other', title: 'Other', folderPath: [], line: 18 },
    ]);
    expect(rows[0]).toMatchObject({
      addedAt: new Date(1700000001 * 1000),
      description: '',
      tags: [],
      favorite: false,
      read: true,
      archived: false,
    });
    expect(problems).toEqual([{ line: 16, reason: 'bookmarklets (javascript: links) cannot be imported' }]);
  });

  it('reads a Firefox export: tags, multi-line descriptions with entities, odd links reported', () => {
    const { rows, problems } = parseNetscapeBookmarks(FIREFOX_EXPORT);
    expect(rows).toEqual([
      {
        line: 13,
        url: 'https://www.mozilla.org/en-US/firefox/',
        title: 'Firefox — “quoted”',
        description: 'A description\nthat spans lines <b>not bold</b> & has entities 😀',
        tags: ['browser', 'mozilla'],
        folderPath: [],
        addedAt: new Date(1600000000 * 1000),
        favorite: false,
        read: true,
        archived: false,
      },
      expect.objectContaining({
        url: 'https://developer.mozilla.org/',
        folderPath: ['Bookmarks Toolbar'],
        // The folder's own <DD> must not become a bookmark's description.
        description: '',
        line: 19,
      }),
    ]);
    expect(problems).toEqual([
      { line: 12, reason: 'Firefox smart folders (place: links) cannot be imported' },
      { line: 23, reason: 'the link has no URL' },
      { line: 24, reason: 'the link has no URL' },
      { line: 25, reason: 'only http and https links can be imported, not file:' },
    ]);
  });

  it('reads a Safari export without an outer list; Reading List items are unread', () => {
    const { rows, problems } = parseNetscapeBookmarks(SAFARI_EXPORT);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      expect.objectContaining({ url: 'https://www.apple.com/', folderPath: ['Favorites'], read: true }),
      expect.objectContaining({
        url: 'https://webkit.org/blog/',
        folderPath: ['Reading List'],
        read: false,
        description: 'Preview text Safari saved',
        addedAt: null,
      }),
    ]);
  });

  it('reads Pinboard-style TAGS and TOREAD', () => {
    const { rows } = parseNetscapeBookmarks(PINBOARD_EXPORT);
    expect(rows).toEqual([
      expect.objectContaining({ title: 'Later', tags: ['later', 'long read'], read: false, description: '' }),
      expect.objectContaining({ title: 'Done', tags: [], read: true, description: 'note' }),
    ]);
  });

  it('reads FAVORITE and ARCHIVED, including bare boolean attributes', () => {
    const { rows } = parseNetscapeBookmarks(
      '<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><DT><A HREF="https://a.example/" FAVORITE ARCHIVED="1" TOREAD>A</A></DL>',
    );
    expect(rows[0]).toMatchObject({ favorite: true, archived: true, read: false });
  });

  it('tolerates lower case, missing closing tags and a byte order mark', () => {
    const html =
      '\ufeff<dl><p><dt><h3>Folder<dl><dt><a href="https://x.example/a">A<dt><a href=https://x.example/b>B';
    const { rows } = parseNetscapeBookmarks(html);
    expect(rows.map((row) => [row.url, row.title, row.folderPath])).toEqual([
      ['https://x.example/a', 'A', ['Folder']],
      ['https://x.example/b', 'B', ['Folder']],
    ]);
  });

  it('keeps an unnamed folder out of the path', () => {
    const html = `<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><DT><H3>  </H3><DL><DT><A HREF="https://a.example/">A</A></DL></DL>`;
    expect(parseNetscapeBookmarks(html).rows[0].folderPath).toEqual([]);
  });

  it('accepts an empty export', () => {
    expect(parseNetscapeBookmarks('<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n</DL><p>\n')).toEqual({
      rows: [],
      problems: [],
    });
  });

  it.each([
    ['an empty file', ''],
    ['plain text', 'just some notes\nhttps://example.com\n'],
    ['a CSV file', 'title,url,time_added\nx,https://example.com,1\n'],
    ['an ordinary web page', '<html><body><p>Hello <a href="https://example.com">link</a></p></body></html>'],
    ['binary data', '\u0000\u0001PK\u0003\u0004garbage'],
  ])('refuses %s as not a bookmark file', (_label, text) => {
    expect(() => parseNetscapeBookmarks(text)).toThrow(MalformedImportError);
  });

  it('counts lines in files with Windows line ends', () => {
    const html = [
      '<!DOCTYPE NETSCAPE-Bookmark-file-1>',
      '<DL><p>',
      '    <DT><A HREF="https://a.example/">A</A>',
      '    <DD>first line',
      'second line',
      '    <DT><A HREF="javascript:void(0)">B</A>',
      '</DL><p>',
    ].join('\r\n');
    const { rows, problems } = parseNetscapeBookmarks(html);
    expect(rows).toEqual([expect.objectContaining({ line: 3, description: 'first line\r\nsecond line' })]);
    expect(problems).toEqual([expect.objectContaining({ line: 6 })]);
  });

  it('reads deep folders, unclosed at the end of the file, and keeps duplicates for the importer to judge', () => {
    const html = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<DL><p><DT><H3>1</H3><DL><p><DT><H3>2</H3><DL><p><DT><H3>3</H3><DL><p><DT><H3>4</H3><DL><p><DT><H3>5</H3><DL><p>
<DT><A HREF='https://deep.example/'>single quotes</A>
<DT><A HREF=https://deep.example/ TAGS=x>unquoted</A>`;
    const { rows } = parseNetscapeBookmarks(html);
    expect(rows.map((row) => [row.url, row.title, row.folderPath.join('/'), row.tags])).toEqual([
      ['https://deep.example/', 'single quotes', '1/2/3/4/5', []],
      ['https://deep.example/', 'unquoted', '1/2/3/4/5', ['x']],
    ]);
  });

  it('trims URLs and keeps the link text even when it holds markup', () => {
    const html = `<!DOCTYPE NETSCAPE-Bookmark-file-1><DL>
<DT><A HREF="  https://x.example/path?a=1&amp;b=2  "><b>Bold</b> &lt;title&gt; &#x1F600;</A>
</DL>`;
    expect(parseNetscapeBookmarks(html).rows[0]).toMatchObject({
      url: 'https://x.example/path?a=1&b=2',
      title: 'Bold <title> 😀',
    });
  });

  it('does not give a folder description to the bookmark before the folder', () => {
    const html = `<!DOCTYPE NETSCAPE-Bookmark-file-1><DL>
<DT><A HREF="https://before.example/">Before</A>
<DT><H3>Folder</H3>
<DD>About the folder
<DL><p><DT><A HREF="https://inside.example/">Inside</A></DL>
</DL>`;
    expect(parseNetscapeBookmarks(html).rows.map((row) => row.description)).toEqual(['', '']);
  });

  it('parses a 100,000-bookmark file completely, with the right line of the last one', () => {
    const entries: string[] = [];
    for (let index = 0; index < 100_000; index++) {
      if (index % 1000 === 0)
        entries.push(index === 0 ? '' : '    </DL><p>', `    <DT><H3>Folder ${index}</H3>`, '    <DL><p>');
      entries.push(
        `        <DT><A HREF="https://example.com/page/${index}?q=${index}" ADD_DATE="${1600000000 + index}" TAGS="t${index % 50},shared">Page ${index} &amp; more</A>`,
        `        <DD>Description of page ${index}`,
      );
    }
    const html = `<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n${entries.join('\n')}\n    </DL><p>\n</DL><p>\n`;
    const { rows, problems } = parseNetscapeBookmarks(html);
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(100_000);
    expect(rows[99_999]).toMatchObject({
      url: 'https://example.com/page/99999?q=99999',
      title: 'Page 99999 & more',
      description: 'Description of page 99999',
      folderPath: ['Folder 99000'],
      tags: ['t49', 'shared'],
    });
    expect(rows[99_999].line).toBe(html.slice(0, html.indexOf('page/99999?')).split('\n').length);
  });
});
