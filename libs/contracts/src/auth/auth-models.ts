import { z } from 'zod';
import { isoTime, roleField, tokenScopeField } from './auth-fields';

/** A user as `GET /auth/me` shows it. */
export const userView = z.object({
  id: z.uuid(),
  email: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleField,
  timeZone: z.string(),
  locale: z.string(),
  avatarUrl: z.string().nullable(),
  createdAt: isoTime,
});
export type UserView = z.infer<typeof userView>;

/** A user as admins see it in the user list. */
export const adminUserView = userView.extend({ disabled: z.boolean(), lastLoginAt: isoTime.nullable() });
export type AdminUserView = z.infer<typeof adminUserView>;

/** A user as everybody sees them in the people directory. */
export const userSummaryView = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  avatarUrl: z.string().nullable(),
});
export type UserSummaryView = z.infer<typeof userSummaryView>;

export const sessionView = z.object({
  id: z.string(),
  current: z.boolean(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: isoTime,
  lastActiveAt: isoTime,
  /** When it ends if left idle (never later than the absolute cap). */
  expiresAt: isoTime,
});
export type SessionView = z.infer<typeof sessionView>;

export const apiTokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  scopes: z.array(tokenScopeField),
  createdAt: isoTime,
  expiresAt: isoTime.nullable(),
  lastUsedAt: isoTime.nullable(),
});
export type ApiTokenView = z.infer<typeof apiTokenView>;

/** A signed-in session as handed to the client once: the token is never stored or shown again. */
export const issuedSession = z.object({ sessionId: z.string(), token: z.string(), expiresAt: isoTime });
export type IssuedSession = z.infer<typeof issuedSession>;

/** Who made a request, as the gateway's authentication establishes it. */
export const principal = z.object({
  userId: z.uuid(),
  role: roleField,
  /** Set for session logins. */
  sessionId: z.string().optional(),
  /** Set for personal API tokens, with the token's scopes. */
  tokenId: z.uuid().optional(),
  scopes: z.array(tokenScopeField).optional(),
});
export type Principal = z.infer<typeof principal>;

export const pageRequest = {
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
};
