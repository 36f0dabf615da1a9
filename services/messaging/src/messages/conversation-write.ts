import { Injectable } from '@nestjs/common';
import { type ConversationType, type MemberRole, type RoomEvent } from '@tracera/contracts';
import { Outbox } from '@tracera/streams';
import { type EntityManager } from 'typeorm';
import { ConversationLog } from '../conversation-log/conversation-log';

/** What a write learns once it holds the conversation: its event's seq and time, and the caller's role. */
export interface WriteSlot {
  seq: number;
  at: Date;
  role: MemberRole;
  conversationType: ConversationType;
}

/**
 * Thrown inside a write that turns out to change nothing (a replayed send, a reaction already there): the
 * transaction rolls back, so the seq it reserved is never used and the log stays gapless, and `result` is
 * the answer.
 */
export class NothingChanged<T> extends Error {
  constructor(readonly result: T) {
    super('nothing changed');
  }
}

/**
 * One change of a conversation by one member, as every message and reaction write makes it: reserve the
 * next seq FIRST (it locks the conversation row until commit, so seq order is commit order and a concurrent
 * member removal is either fully before or fully after), THEN check membership in the same transaction, then
 * the work, whose room event is recorded through the conversation log (log row + outbox) before commit.
 */
@Injectable()
export class ConversationWrite {
  constructor(
    private readonly outbox: Outbox,
    private readonly log: ConversationLog,
  ) {}

  async run<T>(
    conversationId: string,
    userId: string,
    work: (manager: EntityManager, slot: WriteSlot) => Promise<T>,
    options: { messageAt?: Date } = {},
  ): Promise<T> {
    try {
      return await this.outbox.transaction(async (manager) => {
        const { firstSeq, at, type, member } = await this.log.reserveAsMember(
          manager,
          conversationId,
          userId,
          1,
          options,
        );
        return work(manager, { seq: firstSeq, at, role: member.role, conversationType: type });
      });
    } catch (error) {
      if (error instanceof NothingChanged) return error.result as T;
      throw error;
    }
  }

  record(manager: EntityManager, event: RoomEvent): Promise<void> {
    return this.log.record(manager, [event]);
  }
}
