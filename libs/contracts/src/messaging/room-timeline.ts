import { type RoomEvent } from './messaging-models';

// What a chat client needs to show every room event once and in order although pushes can arrive twice
// (a replica taking over the live-events lease re-pushes what the dead one may already have sent), late
// or not at all (a node died, Redis restarted). Seqs are 1, 2, 3… per conversation with no gaps, so the
// client keeps its last applied seq per conversation: the next one is applied, an older one is a
// duplicate, a later one means something was missed: the client buffers it and resyncs (`resync` socket
// event or GET /conversations/:id/events) from its last seq, then merges the answer. Pure logic, no I/O.

/** The two fields of a room event the timeline orders by. */
export interface TimelineEvent {
  conversationId: string;
  seq: number;
}

/**
 * `applied`: this event (and any buffered ones it made contiguous) was applied. `duplicate`: already
 * applied or already buffered; drop it. `gap`: events before it are missing: it is buffered until a resync
 * fills the gap, so the caller should resync the conversation from {@link RoomTimeline.lastSeq}.
 */
export type TimelineAccept = 'applied' | 'duplicate' | 'gap';

export interface TimelineMerge<T extends TimelineEvent> {
  /** Everything the merge applied, resynced and buffered events alike, in seq order. */
  applied: T[];
  /** A buffered event is still not contiguous: resync again from the new lastSeq. */
  gap: boolean;
}

interface ConversationState<T> {
  lastSeq: number;
  /** Events after a gap, by seq, waiting for the gap to be filled. */
  pending: Map<number, T>;
}

/** Per conversation: the last applied seq and the events waiting behind a gap. */
export class RoomTimeline<T extends TimelineEvent = RoomEvent> {
  private readonly conversations = new Map<string, ConversationState<T>>();

  /** `onApply` sees every applied event exactly once, per conversation in seq order. */
  constructor(private readonly onApply: (event: T) => void = () => undefined) {}

  /** The last applied seq (0: nothing yet): what to resync after. */
  lastSeq(conversationId: string): number {
    return this.conversations.get(conversationId)?.lastSeq ?? 0;
  }

  /** Every conversation seen so far with its last applied seq: what to resync after a reconnect. */
  positions(): Map<string, number> {
    return new Map([...this.conversations].map(([id, state]) => [id, state.lastSeq]));
  }

  /** Whether events are buffered behind a gap (a resync is needed). */
  hasGap(conversationId: string): boolean {
    return (this.conversations.get(conversationId)?.pending.size ?? 0) > 0;
  }

  /**
   * Starts following a conversation at a position the client already has by other means (e.g. it loaded
   * the history up to `lastSeq` over REST). Positions only move forward.
   */
  track(conversationId: string, lastSeq: number): T[] {
    const state = this.state(conversationId);
    if (lastSeq > state.lastSeq) state.lastSeq = lastSeq;
    return this.drain(state);
  }

  /** A pushed event. */
  accept(event: T): TimelineAccept {
    const state = this.state(event.conversationId);
    if (event.seq <= state.lastSeq || state.pending.has(event.seq)) return 'duplicate';
    if (event.seq > state.lastSeq + 1) {
      state.pending.set(event.seq, event);
      return 'gap';
    }
    this.apply(state, event);
    this.drain(state);
    return 'applied';
  }

  /**
   * A resync answer (the conversation's stored events after the seq the client asked from, in order).
   * The server's log is authoritative: an answer that starts later than lastSeq + 1 (a member sees the log
   * from their join on) moves the position there. Events at or before lastSeq are duplicates and skipped;
   * then the buffered events that became contiguous are applied.
   */
  merge(conversationId: string, events: readonly T[]): TimelineMerge<T> {
    const state = this.state(conversationId);
    const answer = events.filter((event) => event.conversationId === conversationId);
    const upTo = Math.max(0, ...answer.map((event) => event.seq));
    // Buffered events inside the answer's range are applied with it (the answer may lack none of them, but
    // a buffered copy is as good); those beyond it wait for a contiguous predecessor as usual.
    const bySeq = new Map<number, T>();
    for (const [seq, event] of state.pending) if (seq <= upTo) bySeq.set(seq, event);
    for (const event of answer) bySeq.set(event.seq, event);
    const applied: T[] = [];
    for (const seq of [...bySeq.keys()].sort((a, b) => a - b)) {
      state.pending.delete(seq);
      if (seq <= state.lastSeq) continue;
      const event = bySeq.get(seq) as T;
      this.apply(state, event);
      applied.push(event);
    }
    applied.push(...this.drain(state));
    return { applied, gap: state.pending.size > 0 };
  }

  /** Drops a conversation (the user left it); a later event starts it afresh. */
  forget(conversationId: string): void {
    this.conversations.delete(conversationId);
  }

  private state(conversationId: string): ConversationState<T> {
    let state = this.conversations.get(conversationId);
    if (!state) {
      state = { lastSeq: 0, pending: new Map() };
      this.conversations.set(conversationId, state);
    }
    return state;
  }

  private apply(state: ConversationState<T>, event: T): void {
    state.lastSeq = event.seq;
    this.onApply(event);
  }

  /** Applies buffered events that follow lastSeq without a gap; drops buffered ones already passed. */
  private drain(state: ConversationState<T>): T[] {
    const applied: T[] = [];
    for (const seq of [...state.pending.keys()]) if (seq <= state.lastSeq) state.pending.delete(seq);
    for (let next = state.pending.get(state.lastSeq + 1); next; next = state.pending.get(state.lastSeq + 1)) {
      state.pending.delete(next.seq);
      this.apply(state, next);
      applied.push(next);
    }
    return applied;
  }
}
