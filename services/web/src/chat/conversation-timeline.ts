import type { Message, RoomEvent } from './chat-types';

// One conversation's messages as the client shows them, fed by REST history pages, live room events and
// resync answers. Room events are numbered 1, 2, 3… per conversation without gaps, and a push can arrive
// twice, late or never (see libs/contracts/src/messaging/room-timeline.ts): the next seq is applied, an older
// one is a duplicate, a later one is buffered and reported as a gap so the caller resyncs from lastSeq.
// Messages being sent wait as pending, keyed by their clientId, until the ack or their own
// `message:created` confirms them. Pure logic, no I/O, no React.

/** A message the person sent that the server has not confirmed yet. */
export interface PendingMessage {
  clientId: string;
  senderId: string;
  body: string;
  createdAt: string;
  failed: boolean;
  /** Why the server refused it, when it did. */
  failure?: string;
}

export type TimelineItem =
  { kind: 'message'; message: Message } | { kind: 'pending'; pending: PendingMessage };

/** `gap`: events before this one are missing; it is buffered until a resync from lastSeq fills the gap. */
export type TimelineOutcome = 'applied' | 'duplicate' | 'gap';

export interface TimelineChange {
  outcome: TimelineOutcome;
  /** The events applied by this call, in seq order (resynced and formerly buffered ones alike). */
  applied: RoomEvent[];
}

export interface MergeResult {
  applied: RoomEvent[];
  /** A buffered event is still not contiguous: resync again from the new lastSeq. */
  gap: boolean;
}

export class ConversationTimeline {
  private position = 0;
  private readonly bySeq = new Map<number, Message>();
  private readonly seqById = new Map<string, number>();
  private readonly buffered = new Map<number, RoomEvent>();
  private readonly pending = new Map<string, PendingMessage>();
  private readonly readMarkers = new Map<string, number>();

  constructor(readonly conversationId: string) {}

  /** The seq of the last applied room event (0: none): what to resync after. */
  get lastSeq(): number {
    return this.position;
  }

  /** Whether events wait behind a gap. */
  get hasGap(): boolean {
    return this.buffered.size > 0;
  }

  /** The seq of the oldest message held: `before` for "Load earlier". */
  get oldestMessageSeq(): number | undefined {
    return this.bySeq.size === 0 ? undefined : Math.min(...this.bySeq.keys());
  }

  /** The seq of the newest confirmed message (0: none): what a read marker points at. */
  get newestMessageSeq(): number {
    return this.bySeq.size === 0 ? 0 : Math.max(...this.bySeq.keys());
  }

  /** Confirmed messages by seq, then pending ones in the order they were sent. */
  items(): TimelineItem[] {
    const confirmed = [...this.bySeq.keys()]
      .sort((a, b) => a - b)
      .map((seq): TimelineItem => ({ kind: 'message', message: this.bySeq.get(seq) as Message }));
    const waiting = [...this.pending.values()].map((pending): TimelineItem => ({ kind: 'pending', pending }));
    return [...confirmed, ...waiting];
  }

  /** A member's read marker as far as this client has seen it. */
  readMarkerOf(userId: string): number {
    return this.readMarkers.get(userId) ?? 0;
  }

  /**
   * A REST page of messages. What the timeline already holds wins: live events may have brought a newer
   * version of the same message than the page, which can have been read before them.
   */
  addHistory(messages: readonly Message[]): void {
    for (const message of messages) {
      if (message.conversationId === this.conversationId && !this.seqById.has(message.id)) {
        this.putMessage(message);
      }
    }
  }

  /**
   * Follows the log from a position the client already has by other means (a history page up to that seq).
   * Positions only move forward; buffered events that became contiguous are applied.
   */
  track(lastSeq: number): RoomEvent[] {
    if (lastSeq > this.position) this.position = lastSeq;
    return this.drain();
  }

  /** A live room event. */
  accept(event: RoomEvent): TimelineChange {
    if (event.conversationId !== this.conversationId) return { outcome: 'duplicate', applied: [] };
    if (event.seq <= this.position || this.buffered.has(event.seq))
      return { outcome: 'duplicate', applied: [] };
    if (event.seq > this.position + 1) {
      this.buffered.set(event.seq, event);
      return { outcome: 'gap', applied: [] };
    }
    this.apply(event);
    return { outcome: 'applied', applied: [event, ...this.drain()] };
  }

  /**
   * A resync answer: the stored events after the seq asked from, in order. The server's log is
   * authoritative, so an answer that starts after lastSeq + 1 (a member sees the log from their join on)
   * moves the position there; what live delivery already applied is skipped.
   */
  merge(events: readonly RoomEvent[]): MergeResult {
    const answer = events.filter((event) => event.conversationId === this.conversationId);
    const upTo = Math.max(0, ...answer.map((event) => event.seq));
    const bySeq = new Map<number, RoomEvent>();
    for (const [seq, event] of this.buffered) if (seq <= upTo) bySeq.set(seq, event);
    for (const event of answer) bySeq.set(event.seq, event);
    const applied: RoomEvent[] = [];
    for (const seq of [...bySeq.keys()].sort((a, b) => a - b)) {
      this.buffered.delete(seq);
      if (seq <= this.position) continue;
      const event = bySeq.get(seq) as RoomEvent;
      this.apply(event);
      applied.push(event);
    }
    applied.push(...this.drain());
    return { applied, gap: this.buffered.size > 0 };
  }

  /** A message being sent, shown at once; its clientId later matches the confirmed message. */
  addPending(pending: Omit<PendingMessage, 'failed'>): void {
    if (this.hasClientId(pending.clientId)) return;
    this.pending.set(pending.clientId, { ...pending, failed: false });
  }

  /** The send failed for good (both socket and REST): the bubble stays with a retry. */
  markFailed(clientId: string, failure?: string): void {
    const pending = this.pending.get(clientId);
    if (pending) this.pending.set(clientId, { ...pending, failed: true, failure });
  }

  /** Retrying a failed send keeps its clientId, so the server cannot post it twice. */
  markRetrying(clientId: string): void {
    const pending = this.pending.get(clientId);
    if (pending) this.pending.set(clientId, { ...pending, failed: false, failure: undefined });
  }

  /** The server's answer to a send (ack or REST): replaces the pending bubble. Not a room event. */
  confirm(message: Message): void {
    if (message.clientId) this.pending.delete(message.clientId);
    if (message.conversationId === this.conversationId && !this.seqById.has(message.id)) {
      this.putMessage(message);
    }
  }

  /** A message as an edit/delete/reaction answer returned it; newer than what the timeline holds. */
  replace(message: Message): void {
    if (this.seqById.has(message.id)) this.putMessage(message);
  }

  private hasClientId(clientId: string): boolean {
    if (this.pending.has(clientId)) return true;
    for (const message of this.bySeq.values()) if (message.clientId === clientId) return true;
    return false;
  }

  private putMessage(message: Message): void {
    this.bySeq.set(message.seq, message);
    this.seqById.set(message.id, message.seq);
  }

  private apply(event: RoomEvent): void {
    this.position = event.seq;
    switch (event.type) {
      case 'message:created':
        if (event.message.clientId) this.pending.delete(event.message.clientId);
        this.putMessage(event.message);
        break;
      case 'message:updated':
      case 'message:deleted':
        this.replace(event.message);
        break;
      case 'reaction:added':
      case 'reaction:removed': {
        const seq = this.seqById.get(event.messageId);
        const message = seq === undefined ? undefined : this.bySeq.get(seq);
        if (message) this.putMessage({ ...message, reactions: event.reactions });
        break;
      }
      case 'read:updated':
        this.readMarkers.set(event.userId, Math.max(this.readMarkerOf(event.userId), event.lastReadSeq));
        break;
      default:
        // Membership and conversation changes move the position; the conversation itself is refetched.
        break;
    }
  }

  /** Applies buffered events that follow the position without a gap; drops those already passed. */
  private drain(): RoomEvent[] {
    const applied: RoomEvent[] = [];
    for (const seq of [...this.buffered.keys()]) if (seq <= this.position) this.buffered.delete(seq);
    for (let next = this.buffered.get(this.position + 1); next; next = this.buffered.get(this.position + 1)) {
      this.buffered.delete(next.seq);
      this.apply(next);
      applied.push(next);
    }
    return applied;
  }
}
