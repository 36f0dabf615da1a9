import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '@tracera/db';
import { type EntityManager, type Repository } from 'typeorm';
import { MessageEntity } from './message.entity';

export type NewMessage = Pick<
  MessageEntity,
  | 'id'
  | 'conversationId'
  | 'seq'
  | 'senderId'
  | 'body'
  | 'attachments'
  | 'mentions'
  | 'clientId'
  | 'idempotencyKey'
  | 'createdAt'
>;

/** Which way a page of a conversation's history runs from its seq. */
export type HistoryPosition = { before?: number; after?: number };

/** Every SQL on `messaging.messages` (search aside). Methods taking a manager run inside its transaction. */
@Injectable()
export class MessageRepository {
  constructor(private readonly connector: DatabaseConnector) {}

  private messages(manager?: EntityManager): Repository<MessageEntity> {
    return (manager ?? this.connector.dataSource.manager).getRepository(MessageEntity);
  }

  /** Answers the stored row without reading it back: every column is given (times already to the ms). */
  async insert(manager: EntityManager, message: NewMessage): Promise<MessageEntity> {
    const row = this.messages(manager).create({ ...message, editedAt: null, deletedAt: null });
    await this.messages(manager).insert(row);
    return row;
  }

  findById(manager: EntityManager | undefined, id: string): Promise<MessageEntity | null> {
    return this.messages(manager).findOneBy({ id });
  }

  /** Locks the message until the transaction ends (take the conversation's lock first: see ConversationWrite). */
  findForUpdate(manager: EntityManager, id: string): Promise<MessageEntity | null> {
    return this.messages(manager).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The message a sender already sent with this clientId or Idempotency-Key, if any. */
  async findRetried(
    manager: EntityManager | undefined,
    retry: { conversationId: string; senderId: string; clientId?: string; idempotencyKey?: string },
  ): Promise<MessageEntity | null> {
    const { conversationId, senderId, clientId, idempotencyKey } = retry;
    if (clientId !== undefined) {
      const byClientId = await this.messages(manager).findOneBy({ conversationId, senderId, clientId });
      if (byClientId !== null) return byClientId;
    }
    if (idempotencyKey === undefined) return null;
    return this.messages(manager).findOneBy({ senderId, idempotencyKey });
  }

  async editBody(
    manager: EntityManager,
    id: string,
    changes: { body: string; mentions: string[]; editedAt: Date },
  ): Promise<MessageEntity> {
    await this.messages(manager).update({ id }, changes);
    return this.messages(manager).findOneByOrFail({ id });
  }

  /** Soft delete: the row keeps its id and seq; what was said is gone. */
  async markDeleted(manager: EntityManager, id: string, deletedAt: Date): Promise<MessageEntity> {
    await this.messages(manager).update({ id }, { body: '', attachments: [], mentions: [], deletedAt });
    return this.messages(manager).findOneByOrFail({ id });
  }

  /**
   * Up to `limit` messages of the conversation, ascending by seq: the oldest after `after`, else the newest
   * before `before` (or the newest of all).
   */
  async page(conversationId: string, position: HistoryPosition, limit: number): Promise<MessageEntity[]> {
    const builder = this.messages()
      .createQueryBuilder('m')
      .where('m.conversation_id = :conversationId', { conversationId });
    if (position.after !== undefined) {
      builder.andWhere('m.seq > :after', { after: position.after });
      if (position.before !== undefined) builder.andWhere('m.seq < :before', { before: position.before });
      return builder.orderBy('m.seq', 'ASC').limit(limit).getMany();
    }
    if (position.before !== undefined) builder.andWhere('m.seq < :before', { before: position.before });
    const newestFirst = await builder.orderBy('m.seq', 'DESC').limit(limit).getMany();
    return newestFirst.reverse();
  }
}
