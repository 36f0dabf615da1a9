import { RoomTimeline, type TimelineEvent } from './room-timeline';

const A = 'conversation-a';
const B = 'conversation-b';

interface Pushed extends TimelineEvent {
  copy?: string;
}

function event(seq: number, conversationId = A, copy?: string): Pushed {
  return { conversationId, seq, copy };
}

/** A timeline recording what it applied, as `conversation#seq`. */
function timeline(): { timeline: RoomTimeline<Pushed>; shown: string[] } {
  const shown: string[] = [];
  return {
    timeline: new RoomTimeline<Pushed>((e) => shown.push(`${e.conversationId}#${e.seq}`)),
    shown,
  };
}

describe('RoomTimeline', () => {
  it('applies events that follow each other and reports each conversation position', () => {
    const { timeline: t, shown } = timeline();
    expect(t.accept(event(1))).toBe('applied');
    expect(t.accept(event(2))).toBe('applied');
    expect(t.accept(event(1, B))).toBe('applied');
    expect(shown).toEqual([`${A}#1`, `${A}#2`, `${B}#1`]);
    expect(t.lastSeq(A)).toBe(2);
    expect(t.lastSeq('never-seen')).toBe(0);
    expect(t.positions()).toEqual(
      new Map([
        [A, 2],
        [B, 1],
      ]),
    );
  });

  it('drops an event it already applied', () => {
    const { timeline: t, shown } = timeline();
    t.accept(event(1));
    t.accept(event(2));
    expect(t.accept(event(2))).toBe('duplicate');
    expect(t.accept(event(1))).toBe('duplicate');
    expect(shown).toEqual([`${A}#1`, `${A}#2`]);
  });

  it('buffers events after a gap and applies them, in order, once the gap is filled', () => {
    const { timeline: t, shown } = timeline();
    t.accept(event(1));
    expect(t.accept(event(4))).toBe('gap');
    expect(t.accept(event(3))).toBe('gap');
    expect(t.accept(event(4))).toBe('duplicate');
    expect(t.hasGap(A)).toBe(true);
    expect(t.lastSeq(A)).toBe(1);
    expect(shown).toEqual([`${A}#1`]);

    expect(t.accept(event(2))).toBe('applied');
    expect(shown).toEqual([`${A}#1`, `${A}#2`, `${A}#3`, `${A}#4`]);
    expect(t.hasGap(A)).toBe(false);
    expect(t.lastSeq(A)).toBe(4);
  });

  it('merges a resync answer with buffered events: each applied once, in seq order', () => {
    const { timeline: t, shown } = timeline();
    t.accept(event(1));
    t.accept(event(5));
    t.accept(event(6));
    // The answer overlaps what was applied (1) and what was buffered (5).
    const merged = t.merge(A, [event(1), event(2), event(3), event(4), event(5)]);
    expect(merged.applied.map((e) => e.seq)).toEqual([2, 3, 4, 5, 6]);
    expect(merged.gap).toBe(false);
    expect(shown).toEqual([1, 2, 3, 4, 5, 6].map((seq) => `${A}#${seq}`));
    expect(t.accept(event(6))).toBe('duplicate');
    expect(t.accept(event(7))).toBe('applied');
  });

  it('reports a gap left after a partial resync page, so the client asks again from the new position', () => {
    const { timeline: t, shown } = timeline();
    t.accept(event(1));
    t.accept(event(9));
    const first = t.merge(A, [event(2), event(3), event(4)]);
    expect(first).toEqual({ applied: [event(2), event(3), event(4)], gap: true });
    expect(t.lastSeq(A)).toBe(4);
    const second = t.merge(A, [event(5), event(6), event(7), event(8), event(9)]);
    expect(second.applied.map((e) => e.seq)).toEqual([5, 6, 7, 8, 9]);
    expect(second.gap).toBe(false);
    expect(shown).toHaveLength(9);
  });

  it('applies a buffered event inside the answer range once, even when the answer carries it too', () => {
    const { timeline: t } = timeline();
    t.accept(event(1));
    t.accept(event(3, A, 'pushed'));
    const merged = t.merge(A, [event(2), event(3, A, 'resynced')]);
    expect(merged.applied.map((e) => e.seq)).toEqual([2, 3]);
    expect(merged.applied[1].copy).toBe('resynced');
  });

  it('starts a conversation where the server log starts for this member (joined later)', () => {
    const { timeline: t, shown } = timeline();
    // Pushed to a new member: their own member:added, far into the log.
    expect(t.accept(event(57))).toBe('gap');
    const merged = t.merge(A, [event(57), event(58)]);
    expect(merged).toEqual({ applied: [event(57), event(58)], gap: false });
    expect(shown).toEqual([`${A}#57`, `${A}#58`]);
    expect(t.accept(event(59))).toBe('applied');
  });

  it('ignores events of other conversations in a resync answer and an empty answer changes nothing', () => {
    const { timeline: t, shown } = timeline();
    t.accept(event(1));
    expect(t.merge(A, [event(2, B)])).toEqual({ applied: [], gap: false });
    expect(t.merge(A, [])).toEqual({ applied: [], gap: false });
    expect(t.lastSeq(B)).toBe(0);
    expect(shown).toEqual([`${A}#1`]);
  });

  it('follows from a position the client loaded otherwise, and never moves back', () => {
    const { timeline: t, shown } = timeline();
    t.accept(event(12));
    expect(t.track(A, 10)).toEqual([]);
    expect(t.accept(event(11))).toBe('applied');
    expect(shown).toEqual([`${A}#11`, `${A}#12`]);
    t.track(A, 3);
    expect(t.lastSeq(A)).toBe(12);
    expect(t.accept(event(5))).toBe('duplicate');
  });

  it('forgets a conversation the user left', () => {
    const { timeline: t } = timeline();
    t.accept(event(1));
    t.accept(event(3));
    t.forget(A);
    expect(t.lastSeq(A)).toBe(0);
    expect(t.hasGap(A)).toBe(false);
    expect(t.positions().has(A)).toBe(false);
  });
});
