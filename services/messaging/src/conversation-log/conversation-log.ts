import { Injectable } from '@nestjs/common';
import {
  type ConversationType,
  type EventContract,
  type MessageView,
  messagingEvent,
  roomEventDomainType,
  type RoomEvent,
  type RoomEventType,
} from '@tracera/contracts';
import { notFound, Outbox } from '@tracera/streams';
import { type EntityManager } from 'typeorm';
import { MemberRepository, type MemberState } from '../members/member.repository';
import { ConversationLogRepository } from './conversation-log.repository';

const contractOf = new Map<RoomEventType, EventContract>(
  (Object.keys(roomEventDomainType) as RoomEventType[]).map((type) => [
    type,
    messagingEvent.roomEventContracts.find((contract) => contract.type === roomEventDomainType[type])!,
  ]),
);

/**
 * A conversation's event log: every change of a conversation is one room event with the next seq (1, 2, 3…,
 * no gaps), stored for resync and written to the outbox as its domain event in the same transaction.
 *
 * In a write, call {@link reserve} FIRST (it locks the conversation row, so concurrent writers of one
 * conversation queue up and seq order is commit order), then check membership in the same transaction,
 * then change things, then {@link record} the events LAST (the outbox stays locked from there to commit).
 */
@Injectable()
export class ConversationLog {
  constructor(
    private readonly log: ConversationLogRepository,
    private readonly outbox: Outbox,
    private readonly members: MemberRepository,
  ) {}

  /**
   * How every change by a member starts: {@link reserve} (locking the conversation), then the caller's
   * membership read under that lock. NOT_FOUND when they are not a member, exactly like a missing conversation.
   */
  async reserveAsMember(
    manager: EntityManager,
    conversationId: string,
    userId: string,
    count: number,
    options: { messageAt?: Date } = {},
  ): Promise<{ firstSeq: number; at: Date; type: ConversationType; member: MemberState }> {
    const reserved = await this.reserve(manager, conversationId, count, options);
    const member = await this.members.findMember(manager, conversationId, userId);
    if (member === null) throw notFound('conversation');
    return { ...reserved, member };
  }

  /**
   * Takes `count` seqs of the conversation (0 only locks it): answers the first and the time the lock was taken
   * (the `at` of the events). When `messageAt` is given, last_message_at becomes that time too, so
   * the list order and the events agree. Also answers the conversation's type. NOT_FOUND when the conversation does not exist.
   */
  async reserve(
    manager: EntityManager,
    conversationId: string,
    count: number,
    options: { messageAt?: Date } = {},
  ): Promise<{ firstSeq: number; at: Date; type: ConversationType }> {
    const reserved = await this.log.advance(manager, conversationId, count, options.messageAt !== undefined);
    if (reserved === null) throw notFound('conversation');
    return reserved;
  }

  /**
   * After an edit or a delete, the message's earlier events show it as it is now: resyncs end in the same
   * state as live clients, and the old text of an edited or deleted message is not kept anywhere.
   */
  rewriteMessage(manager: EntityManager, message: MessageView): Promise<void> {
    return this.log.rewriteMessage(manager, message);
  }

  /** Stores the events in the log and appends their domain events to the outbox, in the order given. */
  async record(manager: EntityManager, events: RoomEvent[]): Promise<void> {
    if (events.length === 0) return;
    // Validated (and normalised) by the contract before anything is stored, so the log holds exactly
    // what consumers receive.
    const envelopes = events.map((event) =>
      this.outbox.writer.event(contractOf.get(event.type)!, event, { actor: event.actorId }),
    );
    await this.log.insert(
      manager,
      envelopes.map((envelope) => envelope.data as RoomEvent),
    );
    await this.outbox.writer.append(manager, envelopes);
  }
}
