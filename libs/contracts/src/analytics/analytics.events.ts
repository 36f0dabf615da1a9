import { z } from 'zod';
import { isoTime } from '../auth/auth-fields';
import { defineEvent } from '../contract';
import { challengeMetricField } from './analytics-fields';

/** A participant's score reached the target; sent once per participant and challenge. */
export const challengeCompleted = defineEvent('challenge.completed', {
  producer: 'analytics',
  data: z.object({
    userId: z.uuid(),
    challengeId: z.uuid(),
    title: z.string(),
    metric: challengeMetricField,
    target: z.number().int(),
    score: z.number().int(),
    /** When the activity that reached the target happened. */
    completedAt: isoTime,
  }),
});

export const analyticsEventContracts = [challengeCompleted] as const;
