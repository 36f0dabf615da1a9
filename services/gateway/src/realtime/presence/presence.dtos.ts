import { presenceEvent } from '@tracera/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** Most users one presence query names. */
export const PRESENCE_QUERY_MAX_USERS = 100;

/** `userIds=a,b,c`: a comma-separated list of user ids, each answered once. */
const userIdsQuery = z
  .string()
  .transform((list) => [...new Set(list.split(',').map((id) => id.trim()))])
  .pipe(z.array(z.uuid()).min(1).max(PRESENCE_QUERY_MAX_USERS));

export class PresenceQueryDto extends createZodDto(z.strictObject({ userIds: userIdsQuery })) {}

export class PresenceListDto extends createZodDto(z.object({ items: z.array(presenceEvent) })) {}
