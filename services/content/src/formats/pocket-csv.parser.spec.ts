import { MalformedImportError } from './import-problems';
import { parsePocketCsv } from './pocket-csv.parser';

describe('parsePocketCsv', () => {
  it("reads Pocket's export columns, tags and status", () => {
    const csv = [
      'title,url,time_added,cursor,tags,status',
      'How to cook rice,https://food.example/rice,1700000000,abc,cooking|basics,unread',
      '"Quoted, with comma and ""quotes""",https://news.example/a?id=1,1700000100,def,,archive',
      '',
    ].join('\n');
    expect(parsePocketCsv(csv)).toEqual({
      rows: [
        {
          line: 2,
          url: 'https://food.example/rice',
          title: 'How to cook rice',
          description: '',
          tags: ['cooking', 'basics'],
          folderPath: [],
          addedAt: new Date(1700000000 * 1000),
          favorite: false,
          read: false,
          archived: false,
        },
        {
          line: 3,
          url: 'https://news.example/a?id=1',
          title: 'Quoted, with comma and "quotes"',
          description: '',
          tags: [],
          folderPath: [],
          addedAt: new Date(1700000100 * 1000),
          favorite: false,
          read: true,
          archived: true,
        },
      ],
      problems: [],
    });
  });

  it('finds columns by name in any order and case, with a BOM and CRLF line ends', () => {
    const csv = '\ufeffStatus,URL,Title\r\narchive,https://a.example/,A\r\nunread,https://b.example/,B\r\n';
    const { rows } = parsePocketCsv(csv);
    expect(rows.map((row) => [row.url, row.title, row.archived, row.addedAt])).toEqual([
      ['https://a.example/', 'A', true, null],
      ['https://b.example/', 'B', false, null],
    ]);
  });

  it('reports bad rows with the line they start on, past multi-line titles and blank lines', () => {
    const csv = [
      'title,url,time_added,tags,status',
      '"A title',
      'on two lines",https://ok.example/1,1700000000,,unread',
      '',
      'No URL,,1700000000,,unread',
      'Bad scheme,javascript:alert(1),1700000000,,unread',
      'Short row',
      'Fine,https://ok.example/2,not-a-date,a| |b,unread',
    ].join('\n');
    const { rows, problems } = parsePocketCsv(csv);
    expect(rows.map((row) => [row.line, row.title, row.addedAt, row.tags])).toEqual([
      [2, 'A title\non two lines', new Date(1700000000 * 1000), []],
      [8, 'Fine', null, ['a', 'b']],
    ]);
    expect(problems).toEqual([
      { line: 5, reason: 'the row has no URL' },
      { line: 6, reason: 'only http and https links can be imported' },
      { line: 7, reason: 'the row has no URL' },
    ]);
  });

  it('accepts an export with no bookmarks', () => {
    expect(parsePocketCsv('title,url,time_added,tags,status\n')).toEqual({ rows: [], problems: [] });
  });

  it.each([
    ['an empty file', ''],
    ['a file without a url column', 'title,link,time_added\nA,https://a.example,1\n'],
    ['a bookmarks HTML file', '<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n'],
    ['an unterminated quote', 'title,url\n"never closed,https://a.example\n'],
  ])('refuses %s', (_label, csv) => {
    expect(() => parsePocketCsv(csv)).toThrow(MalformedImportError);
  });

  it('names the problem when the url column is missing', () => {
    expect(() => parsePocketCsv('title,link\nA,https://a.example\n')).toThrow(/url/);
  });
});
