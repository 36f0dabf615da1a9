import { Injectable } from '@nestjs/common';
import { contentRpc } from '@tracera/contracts';
import { RedisStreamsClient } from '@tracera/streams';
import {
  type CreateCollectionDto,
  type CreateTagDto,
  type MergeTagDto,
  type OrganizerListQueryDto,
  type RenameTagDto,
  type UpdateCollectionDto,
} from './content.dtos';
import { type ItemTarget } from './items.service';

/** The user's tags and collections, which organize the items. */
@Injectable()
export class OrganizersService {
  constructor(private readonly rpc: RedisStreamsClient) {}

  listTags(userId: string, page: OrganizerListQueryDto) {
    return this.rpc.call(contentRpc.listTags, { ...page, userId }, { actor: userId });
  }

  createTag(userId: string, tag: CreateTagDto, idempotencyKey: string | undefined) {
    return this.rpc.call(contentRpc.createTag, { ...tag, userId, idempotencyKey }, { actor: userId });
  }

  getTag(userId: string, id: string) {
    return this.rpc.call(contentRpc.getTag, { userId, id }, { actor: userId });
  }

  renameTag(userId: string, id: string, rename: RenameTagDto) {
    return this.rpc.call(contentRpc.renameTag, { ...rename, userId, id }, { actor: userId });
  }

  mergeTag(userId: string, id: string, merge: MergeTagDto) {
    return this.rpc.call(contentRpc.mergeTag, { ...merge, userId, id }, { actor: userId });
  }

  async deleteTag(userId: string, id: string): Promise<void> {
    await this.rpc.call(contentRpc.deleteTag, { userId, id }, { actor: userId });
  }

  listCollections(userId: string, page: OrganizerListQueryDto) {
    return this.rpc.call(contentRpc.listCollections, { ...page, userId }, { actor: userId });
  }

  createCollection(userId: string, collection: CreateCollectionDto, idempotencyKey: string | undefined) {
    return this.rpc.call(
      contentRpc.createCollection,
      { ...collection, userId, idempotencyKey },
      { actor: userId },
    );
  }

  getCollection(userId: string, id: string) {
    return this.rpc.call(contentRpc.getCollection, { userId, id }, { actor: userId });
  }

  updateCollection(
    userId: string,
    target: ItemTarget,
    { version: _version, ...changes }: UpdateCollectionDto,
  ) {
    return this.rpc.call(contentRpc.updateCollection, { ...changes, ...target, userId }, { actor: userId });
  }

  async deleteCollection(userId: string, target: ItemTarget): Promise<void> {
    await this.rpc.call(contentRpc.deleteCollection, { ...target, userId }, { actor: userId });
  }
}
