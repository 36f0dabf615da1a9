import { type BookmarkView } from '@tracera/contracts';
import { RpcError, validationFailed } from '@tracera/streams';
import { InvalidBookmarkUrlError, normalizeBookmarkUrl, type NormalizedUrl } from '../web-pages/bookmark-url';
import { type BookmarkEntity } from './bookmark.entity';

export function toBookmarkView(row: BookmarkEntity, tags: string[]): BookmarkView {
  return {
    id: row.id,
    url: row.url,
    domain: row.domain,
    title: row.title,
    description: row.description,
    faviconUrl: row.faviconUrl,
    favorite: row.favorite,
    read: row.read,
    archived: row.archived,
    tags,
    collectionId: row.collectionId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/** The URL as stored and compared; VALIDATION on `url` when it cannot be bookmarked. */
export function normalizedUrlOrRefuse(raw: string): NormalizedUrl {
  try {
    return normalizeBookmarkUrl(raw);
  } catch (error) {
    if (error instanceof InvalidBookmarkUrlError)
      throw validationFailed([{ field: 'url', message: error.message }]);
    throw error;
  }
}

/** One bookmark per URL per user: the client gets the id of the one it already has. */
export function alreadySaved(existingId: string): RpcError {
  return new RpcError('CONFLICT', 'you already bookmarked this URL', { existingId });
}
