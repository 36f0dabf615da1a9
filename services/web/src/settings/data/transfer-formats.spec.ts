import { EXPORT_FORMATS, formatByteSize, guessImportFormat, IMPORT_FORMATS } from './transfer-formats';

describe('import and export formats', () => {
  it('offers exactly the formats the API accepts', () => {
    expect(IMPORT_FORMATS.map(({ format }) => format)).toEqual(['netscape', 'pocket']);
    expect(EXPORT_FORMATS.map(({ format }) => format)).toEqual(['netscape', 'markdown', 'json']);
  });

  it('guesses the import format from the file extension, case-insensitively', () => {
    expect(guessImportFormat('bookmarks_11_24_26.html')).toBe('netscape');
    expect(guessImportFormat('Bookmarks.HTM')).toBe('netscape');
    expect(guessImportFormat('part_000000.csv')).toBe('pocket');
  });

  it('leaves the choice alone for anything else', () => {
    expect(guessImportFormat('export.txt')).toBeNull();
    expect(guessImportFormat('README')).toBeNull();
  });

  it('formats sizes in bytes, kilobytes and megabytes', () => {
    expect(formatByteSize(142)).toBe('142 B');
    expect(formatByteSize(1536)).toBe('1.5 KB');
    expect(formatByteSize(150 * 1024)).toBe('150 KB');
    expect(formatByteSize(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});
