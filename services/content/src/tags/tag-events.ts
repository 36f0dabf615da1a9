import { contentEvent } from '@tracera/contracts';
import { type EmitEvent } from '@tracera/streams';
import { type TagRef } from './item-tags.repository';

/** `tag.created` for each tag an item brought into being (before the item's own event). */
export function announceCreatedTags(emit: EmitEvent, userId: string, created: readonly TagRef[]): void {
  for (const tag of created) {
    emit(contentEvent.tagCreated, { userId, tagId: tag.id, name: tag.name }, { actor: userId });
  }
}

/** Whether `wanted` (as requested) names exactly the tags the item has (sorted names). */
export function sameTags(current: readonly string[], wanted: readonly string[]): boolean {
  const unique = [...new Set(wanted)].sort();
  return unique.length === current.length && unique.every((name, index) => name === current[index]);
}
