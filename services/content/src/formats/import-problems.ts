import { type ImportedBookmark, type SkippedRow } from '../transfers/transfer-ports';

/** The whole file is unreadable as the declared format (not one bad row: those are `problems`). */
export class MalformedImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedImportError';
  }
}

/** What a parser read: the usable rows, and the rows it had to skip with the reason why. */
export interface ParsedImport {
  rows: ImportedBookmark[];
  problems: SkippedRow[];
}
