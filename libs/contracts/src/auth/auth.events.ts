import { z } from 'zod';
import { defineEvent } from '../contract';
import { roleField } from './auth-fields';

export const userRegistered = defineEvent('user.registered', {
  producer: 'auth',
  data: z.object({
    userId: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    role: roleField,
    /** The admin who created the account; absent for self-registration. */
    createdBy: z.uuid().optional(),
  }),
});

export const userUpdated = defineEvent('user.updated', {
  producer: 'auth',
  data: z.object({
    userId: z.uuid(),
    /** The fields this change touched. */
    changed: z.array(z.string()),
    username: z.string(),
    displayName: z.string(),
    avatarUrl: z.string().nullable(),
    timeZone: z.string(),
    locale: z.string(),
    role: roleField,
    disabled: z.boolean(),
  }),
});

export const userPasswordChanged = defineEvent('user.password_changed', {
  producer: 'auth',
  data: z.object({ userId: z.uuid() }),
});

export const userDisabled = defineEvent('user.disabled', {
  producer: 'auth',
  data: z.object({ userId: z.uuid(), disabledBy: z.uuid() }),
});

export const sessionCreated = defineEvent('session.created', {
  producer: 'auth',
  data: z.object({
    userId: z.uuid(),
    sessionId: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  }),
});

export const sessionRevokeReason = z.enum([
  'logout',
  'revoked',
  'signed_out_everywhere',
  'password_changed',
  'user_disabled',
]);

/** One event per revocation, naming every session it ended, so live sockets of each can be closed. */
export const sessionRevoked = defineEvent('session.revoked', {
  producer: 'auth',
  data: z.object({ userId: z.uuid(), sessionIds: z.array(z.string()), reason: sessionRevokeReason }),
});

export const authEventContracts = [
  userRegistered,
  userUpdated,
  userPasswordChanged,
  userDisabled,
  sessionCreated,
  sessionRevoked,
] as const;
