import { type TagView } from '@tracera/contracts';
import { RpcError } from '@tracera/streams';
import { type CountedTag } from './tag.repository';

export function toTagView(tag: CountedTag): TagView {
  return { id: tag.id, name: tag.name, itemCount: tag.itemCount, createdAt: tag.createdAt.toISOString() };
}

/** Tag names are unique per user: the client learns which tag has the name (to merge into it, say). */
export function tagNameTaken(existingId: string): RpcError {
  return new RpcError('CONFLICT', 'you already have a tag with this name', { existingId });
}
