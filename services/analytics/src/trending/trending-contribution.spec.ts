import { HOUR_MS, hourOf, KEPT_HOURS, oldestKeptHour, trendingContribution } from './trending-contribution';

const now = new Date('2026-11-23T20:30:00Z');
const currentHour = hourOf(now);

function row(overrides: Partial<Parameters<typeof trendingContribution>[0]> = {}) {
  return {
    eventId: 'e1',
    type: 'bookmark_saved' as const,
    occurredAt: now,
    tags: ['rust', 'async'],
    domain: 'example.com',
    ...overrides,
  };
}

describe('trendingContribution', () => {
  it('takes a saved bookmark’s domain and tags, in the hour it happened', () => {
    expect(trendingContribution(row(), currentHour)).toEqual({
      eventId: 'e1',
      hour: Math.floor(now.getTime() / HOUR_MS),
      domain: 'example.com',
      tags: ['rust', 'async'],
    });
  });

  it('takes only tags from created notes, tasks and uploaded files', () => {
    for (const type of ['note_created', 'task_created', 'file_uploaded'] as const) {
      expect(trendingContribution(row({ type, domain: 'ignored.org' }), currentHour)).toMatchObject({
        domain: null,
        tags: ['rust', 'async'],
      });
    }
  });

  it('ignores edits, imports, completions, messages and sign-ins', () => {
    for (const type of [
      'bookmark_imported',
      'bookmark_updated',
      'note_updated',
      'task_updated',
      'task_completed',
      'message_sent',
      'reaction_added',
      'signed_in',
    ] as const) {
      expect(trendingContribution(row({ type }), currentHour)).toBeNull();
    }
  });

  it('counts a tag listed twice once and skips rows with nothing to count', () => {
    expect(trendingContribution(row({ tags: ['go', 'go', ''] }), currentHour)?.tags).toEqual(['go']);
    expect(trendingContribution(row({ type: 'note_created', tags: [] }), currentHour)).toBeNull();
  });

  it('keeps exactly the last KEPT_HOURS hours, the current one included', () => {
    const oldest = oldestKeptHour(currentHour);
    expect(currentHour - oldest + 1).toBe(KEPT_HOURS);
    expect(trendingContribution(row({ occurredAt: new Date(oldest * HOUR_MS) }), currentHour)).not.toBeNull();
    expect(trendingContribution(row({ occurredAt: new Date(oldest * HOUR_MS - 1) }), currentHour)).toBeNull();
  });
});
