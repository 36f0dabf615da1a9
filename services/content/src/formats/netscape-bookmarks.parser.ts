import { Parser } from 'htmlparser2';
import { type ImportedBookmark } from '../transfers/transfer-ports';
import { dateFromEpoch } from './epoch-date';
import { MalformedImportError, type ParsedImport } from './import-problems';
import { lineCounter } from './line-counter';

/** Safari marks its Reading List folder with this id; its items are still to be read. */
const SAFARI_READING_LIST_ID = 'com.apple.readinglist';
const DOCTYPE = /^\s*<!DOCTYPE\s+NETSCAPE-Bookmark-file-1/i;

/**
 * Reads the Netscape bookmark file format every browser exports (Chrome, Firefox, Safari, Edge) and tools
 * like Pinboard, Raindrop or Linkding write: `<DL>` lists nested under `<DT><H3>` folder names, each
 * bookmark a `<DT><A HREF ADD_DATE TAGS …>` with an optional `<DD>` description after it. The format was
 * never specified, so this is tolerant: unclosed tags, missing `</DL>`s, a missing outer `<DL>` (Safari).
 *
 * Flags, since browsers have none: `TOREAD="1"` (Pinboard, Linkding) or being in Safari's Reading List
 * means unread, anything else read; `FAVORITE="1"` and `ARCHIVED="1"` (what our own export writes) set
 * favorite and archived. `PRIVATE` is ignored: every bookmark here is private to its owner.
 */
export function parseNetscapeBookmarks(html: string): ParsedImport {
  const text = html.charCodeAt(0) === 0xfeff ? html.slice(1) : html;
  const hasDoctype = DOCTYPE.test(text.slice(0, 1024));
  const lineAt = lineCounter(text);
  const rows: ImportedBookmark[] = [];
  const problems: ParsedImport['problems'] = [];

  /** One entry per open `<DL>`: the folder it lists, null for the outer list. */
  const folders: ({ name: string; unread: boolean } | null)[] = [];
  let pendingFolder: { name: string; unread: boolean } | null = null;
  let heading: { text: string; unread: boolean } | null = null;
  let anchor: { attributes: Record<string, string>; line: number; text: string } | null = null;
  /** The bookmark a following `<DD>` describes; cleared by anything that is not its description. */
  let describable: ImportedBookmark | null = null;
  let description: string[] | null = null;
  let sawDl = false;
  let sawListedLink = false;
  let inDt = false;

  const endDescription = () => {
    if (description !== null && describable !== null) describable.description = description.join('').trim();
    description = null;
    describable = null;
  };
  const endHeading = () => {
    if (heading === null) return;
    pendingFolder = { name: heading.text.trim(), unread: heading.unread };
    heading = null;
  };
  const endAnchor = () => {
    if (anchor === null) return;
    const row = toBookmark(
      anchor,
      folders.filter((folder) => folder !== null),
      problems,
    );
    anchor = null;
    if (row !== null) {
      rows.push(row);
      describable = row;
    }
  };
  /** Structure tags end whatever was left open: files with unclosed `<A>` and `<H3>` exist. */
  const endOpenItems = () => {
    endAnchor();
    endHeading();
    endDescription();
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        switch (name) {
          case 'dl':
            endOpenItems();
            sawDl = true;
            folders.push(pendingFolder);
            pendingFolder = null;
            break;
          case 'dt':
            endOpenItems();
            inDt = true;
            break;
          case 'h3':
            endOpenItems();
            pendingFolder = null;
            heading = { text: '', unread: (attributes.id ?? '').toLowerCase() === SAFARI_READING_LIST_ID };
            break;
          case 'a':
            endOpenItems();
            if (inDt) sawListedLink = true;
            anchor = { attributes, line: lineAt(parser.startIndex), text: '' };
            break;
          case 'dd':
            endAnchor();
            endHeading();
            if (describable !== null) description = [];
            break;
          case 'br':
            description?.push('\n');
            break;
          case 'hr':
            endOpenItems();
            break;
        }
      },
      ontext(chunk) {
        if (anchor !== null) anchor.text += chunk;
        else if (heading !== null) heading.text += chunk;
        else description?.push(chunk);
      },
      onclosetag(name) {
        if (name === 'dl') {
          endOpenItems();
          folders.pop();
          pendingFolder = null;
        } else if (name === 'dt') {
          inDt = false;
        } else if (name === 'h3') {
          endHeading();
        } else if (name === 'a') {
          endAnchor();
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(text);
  parser.end();
  endOpenItems();

  if (!hasDoctype && !(sawDl && sawListedLink)) {
    throw new MalformedImportError(
      'not a bookmarks file: expected the Netscape bookmark format (<!DOCTYPE NETSCAPE-Bookmark-file-1>) that browsers export',
    );
  }
  return { rows, problems };
}

function toBookmark(
  anchor: { attributes: Record<string, string>; line: number; text: string },
  folders: { name: string; unread: boolean }[],
  problems: ParsedImport['problems'],
): ImportedBookmark | null {
  const { attributes, line } = anchor;
  const url = (attributes.href ?? '').trim();
  const refusal = unsupportedUrlReason(url);
  if (refusal !== null) {
    problems.push({ line, reason: refusal });
    return null;
  }
  const unread = flag(attributes.toread) || folders.some((folder) => folder.unread);
  return {
    line,
    url,
    title: anchor.text.trim(),
    description: '',
    tags: (attributes.tags ?? '')
      .split(',')
      .map((tag) => tag.trim())
      .filter((tag) => tag !== ''),
    folderPath: folders.map((folder) => folder.name).filter((name) => name !== ''),
    addedAt: dateFromEpoch(attributes.add_date),
    favorite: flag(attributes.favorite),
    read: !unread,
    archived: flag(attributes.archived),
  };
}

/** Why a link cannot become a bookmark, or null when it is an absolute http(s) URL. */
function unsupportedUrlReason(url: string): string | null {
  if (url === '') return 'the link has no URL';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1].toLowerCase();
  if (scheme === 'javascript') return 'bookmarklets (javascript: links) cannot be imported';
  if (scheme === 'place') return 'Firefox smart folders (place: links) cannot be imported';
  if (scheme === undefined) return `not an absolute URL: ${truncate(url)}`;
  if (scheme !== 'http' && scheme !== 'https') {
    return `only http and https links can be imported, not ${scheme}:`;
  }
  return null;
}

function flag(value: string | undefined): boolean {
  if (value === undefined) return false;
  const normalized = value.trim().toLowerCase();
  return normalized === '1' || normalized === 'true' || normalized === 'yes' || normalized === '';
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
