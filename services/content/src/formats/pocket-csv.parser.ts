import { CsvError, parse } from 'csv-parse/sync';
import { type ImportedBookmark } from '../transfers/transfer-ports';
import { dateFromEpoch } from './epoch-date';
import { MalformedImportError, type ParsedImport } from './import-problems';

interface CsvRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

/**
 * Reads Pocket's export (`part_000000.csv`: title,url,time_added,cursor,tags,status). Tags are separated
 * by `|`; `status` is `unread` or `archive` (archived means read and archived). Pocket has no
 * descriptions, folders or favorites in this file. Columns are found by name, in any order, any case.
 */
export function parsePocketCsv(text: string): ParsedImport {
  let records: CsvRecord[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    if (error instanceof CsvError) {
      throw new MalformedImportError(`not a readable CSV file: ${error.message}`);
    }
    throw error;
  }
  const [header, ...body] = records;
  if (header === undefined) throw new MalformedImportError('the file is empty');
  const names = header.record.map((name) => name.trim().toLowerCase());
  if (!names.includes('url')) {
    throw new MalformedImportError(
      `not a Pocket export: the first line must name the columns (title,url,time_added,tags,status), found "${truncate(names.join(','))}"`,
    );
  }
  const column = (name: string) => names.indexOf(name);
  const [titleAt, urlAt, addedAt, tagsAt, statusAt] = ['title', 'url', 'time_added', 'tags', 'status'].map(
    column,
  );

  const rows: ImportedBookmark[] = [];
  const problems: ParsedImport['problems'] = [];
  for (const { record, raw, info } of body) {
    const field = (index: number) => (index === -1 ? '' : (record[index] ?? ''));
    const line = info.lines - newlinesWithin(raw);
    const url = field(urlAt).trim();
    if (url === '') {
      problems.push({ line, reason: 'the row has no URL' });
      continue;
    }
    if (!/^https?:\/\//i.test(url)) {
      problems.push({ line, reason: 'only http and https links can be imported' });
      continue;
    }
    const status = field(statusAt).trim().toLowerCase();
    const archived = status === 'archive' || status === 'archived';
    rows.push({
      line,
      url,
      title: field(titleAt).trim(),
      description: '',
      tags: field(tagsAt)
        .split('|')
        .map((tag) => tag.trim())
        .filter((tag) => tag !== ''),
      folderPath: [],
      addedAt: dateFromEpoch(field(addedAt)),
      favorite: false,
      read: archived,
      archived,
    });
  }
  return { rows, problems };
}

function truncate(text: string): string {
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/** A record's raw text spans several lines when a quoted field holds newlines; report where it starts. */
function newlinesWithin(raw: string): number {
  const body = raw.replace(/^[\r\n]+/, '').replace(/\r?\n$/, '');
  let count = 0;
  for (let index = body.indexOf('\n'); index !== -1; index = body.indexOf('\n', index + 1)) count++;
  return count;
}
