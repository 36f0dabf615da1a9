/** The formats `POST /imports` and `POST /exports` accept, with the names people know them by. */
export type ImportFormat = 'netscape' | 'pocket';
export type ExportFormat = 'netscape' | 'markdown' | 'json';

export const IMPORT_FORMATS: readonly { format: ImportFormat; label: string; accept: string }[] = [
  { format: 'netscape', label: 'Browser bookmarks (HTML, Netscape format)', accept: '.html,.htm' },
  { format: 'pocket', label: 'Pocket export (CSV)', accept: '.csv' },
];

export const EXPORT_FORMATS: readonly { format: ExportFormat; label: string }[] = [
  { format: 'netscape', label: 'Bookmarks as HTML (any browser can import it)' },
  { format: 'markdown', label: 'Notes as Markdown files (ZIP, by collection)' },
  { format: 'json', label: 'Whole account as JSON (files as metadata only)' },
];

/** The format a chosen file most likely has, by its extension; null leaves the person's choice alone. */
export function guessImportFormat(fileName: string): ImportFormat | null {
  const extension = fileName.toLowerCase().split('.').pop();
  if (extension === 'csv') return 'pocket';
  if (extension === 'html' || extension === 'htm') return 'netscape';
  return null;
}

/** "12.3 KB": sizes of downloads, in the units people read. */
export function formatByteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
