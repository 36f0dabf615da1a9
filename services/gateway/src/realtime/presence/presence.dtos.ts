import { presenceEvent } from '@tracera/contracts';
import { createApiDto } from '../../http/api-dto';
import { z } from 'zod';

/** Most users one presence query names. */
export const PRESENCE_QUERY_MAX_USERS = 100;

/** `userIds=a,b,c`: a comma-separated list of user ids, each answered once. */
const userIdsQuery = z
  .string()
  .transform((list) => [...new Set(list.split(',').map((id) => id.trim()))])
  .pipe(z.array(z.uuid()).min(1).max(PRESENCE_QUERY_MAX_USERS));

export class PresenceQueryDto extends createApiDto(z.strictObject({ userIds: userIdsQuery })) {}

export class PresenceListDto extends createApiDto(z.object({ items: z.array(presenceEvent) })) {}
