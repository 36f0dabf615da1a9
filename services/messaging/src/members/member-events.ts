import { type ConversationSummary, type MemberView, type RoomEventOf } from '@tracera/contracts';

/** The `member:added` event of each new member, numbered from `firstSeq`, each carrying the conversation as it was right after that member joined. */
export function memberAddedEvents(options: {
  conversationId: string;
  firstSeq: number;
  at: Date;
  actorId: string;
  /** The conversation after all of them joined. */
  after: ConversationSummary;
  added: MemberView[];
}): RoomEventOf<'member:added'>[] {
  const { after, added } = options;
  const addedIds = new Set(added.map((member) => member.userId));
  const before = after.members.filter((member) => !addedIds.has(member.userId));
  const lastSeqBefore = options.firstSeq - 1;
  return added.map((member, index) => ({
    type: 'member:added',
    conversationId: options.conversationId,
    seq: options.firstSeq + index,
    at: options.at.toISOString(),
    actorId: options.actorId,
    member,
    conversation: {
      ...after,
      lastSeq: lastSeqBefore + index + 1,
      members: [...before, ...added.slice(0, index + 1)],
    },
  }));
}
