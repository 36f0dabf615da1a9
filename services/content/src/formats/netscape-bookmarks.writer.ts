import { escapeHtml } from '@tracera/contracts';
import { type ExportedBookmark } from '../transfers/transfer-ports';

const HEADER = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
`;

function epochSeconds(iso: string): number {
  return Math.floor(new Date(iso).getTime() / 1000);
}

function indent(depth: number): string {
  return '    '.repeat(depth);
}

/**
 * Writes bookmarks in the Netscape bookmark file format browsers import, one string per page. Each
 * collection path becomes nested `<DT><H3>` + `<DL>` folders. Pages are written as they come, so
 * bookmarks of one collection share a folder only while they arrive together; a reader ordered by
 * collection gives the tidiest file, and importers (ours included) merge repeated folders by path anyway.
 * Besides the usual attributes, `TOREAD`, `FAVORITE` and `ARCHIVED` carry the flags (browsers ignore them).
 */
export async function* writeNetscapeBookmarks(
  pages: AsyncIterable<ExportedBookmark[]>,
): AsyncIterable<string> {
  yield HEADER;
  let open: string[] = [];
  for await (const page of pages) {
    let chunk = '';
    for (const bookmark of page) {
      const path = bookmark.collectionPath;
      let common = 0;
      while (common < open.length && common < path.length && open[common] === path[common]) common++;
      for (let depth = open.length; depth > common; depth--) chunk += `${indent(depth)}</DL><p>\n`;
      for (let depth = common; depth < path.length; depth++) {
        chunk += `${indent(depth + 1)}<DT><H3>${escapeHtml(path[depth])}</H3>\n${indent(depth + 1)}<DL><p>\n`;
      }
      open = [...path];
      chunk += bookmarkEntry(bookmark, path.length + 1);
    }
    if (chunk !== '') yield chunk;
  }
  let closing = '';
  for (let depth = open.length; depth > 0; depth--) closing += `${indent(depth)}</DL><p>\n`;
  yield `${closing}</DL><p>\n`;
}

function bookmarkEntry(bookmark: ExportedBookmark, depth: number): string {
  const attributes = [
    `HREF="${escapeHtml(bookmark.url)}"`,
    `ADD_DATE="${epochSeconds(bookmark.createdAt)}"`,
    `LAST_MODIFIED="${epochSeconds(bookmark.updatedAt)}"`,
  ];
  if (bookmark.tags.length > 0) attributes.push(`TAGS="${escapeHtml(bookmark.tags.join(','))}"`);
  if (!bookmark.read) attributes.push('TOREAD="1"');
  if (bookmark.favorite) attributes.push('FAVORITE="1"');
  if (bookmark.archived) attributes.push('ARCHIVED="1"');
  let entry = `${indent(depth)}<DT><A ${attributes.join(' ')}>${escapeHtml(bookmark.title)}</A>\n`;
  if (bookmark.description.trim() !== '')
    entry += `${indent(depth)}<DD>${escapeHtml(bookmark.description)}\n`;
  return entry;
}
