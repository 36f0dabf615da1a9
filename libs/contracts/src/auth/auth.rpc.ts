import { z } from 'zod';
import { defineRpc } from '../contract';
import {
  avatarUrlField,
  displayNameField,
  emailField,
  isoTime,
  localeField,
  passwordField,
  roleField,
  timeZoneField,
  tokenScopeField,
  usernameField,
} from './auth-fields';
import {
  adminUserView,
  apiTokenView,
  issuedSession,
  pageRequest,
  principal,
  sessionView,
  userSummaryView,
  userView,
} from './auth-models';

/** Where a sign-in comes from, recorded on the session. */
const client = {
  ip: z.string().max(64).nullable(),
  userAgent: z.string().max(512).nullable(),
};

const ok = z.object({});
const userId = z.uuid();

export const registerBody = z.strictObject({
  email: emailField,
  username: usernameField,
  password: passwordField,
  displayName: displayNameField.optional(),
});

export const register = defineRpc('auth.user.register', {
  service: 'auth',
  request: registerBody.extend(client),
  response: z.object({ user: userView, session: issuedSession }),
});

/** Whether the sign-up form is offered: public, so the web app can send the very first visitor to set-up. */
export const registrationStatus = defineRpc('auth.registration.status', {
  service: 'auth',
  request: z.object({}),
  response: z.object({
    /** Sign-ups are accepted: always on first run, otherwise unless DISABLE_SIGNUPS. */
    open: z.boolean(),
    /** No account exists yet, so the next registration creates the administrator. */
    firstRun: z.boolean(),
  }),
});

export const loginBody = z.strictObject({
  /** Email or username. */
  login: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
});

export const login = defineRpc('auth.user.login', {
  service: 'auth',
  request: loginBody.extend(client),
  response: z.object({ user: userView, session: issuedSession }),
});

export const getMe = defineRpc('auth.me.get', {
  service: 'auth',
  request: z.object({ userId }),
  response: z.object({ user: userView }),
});

export const updateMeBody = z.strictObject({
  displayName: displayNameField.optional(),
  timeZone: timeZoneField.optional(),
  locale: localeField.optional(),
  avatarUrl: avatarUrlField.optional(),
});

export const updateMe = defineRpc('auth.me.update', {
  service: 'auth',
  request: updateMeBody.extend({ userId }),
  response: z.object({ user: userView }),
});

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordField,
});

export const changePassword = defineRpc('auth.password.change', {
  service: 'auth',
  request: changePasswordBody.extend({ userId, sessionId: z.string() }),
  response: ok,
});

/** Verifies a session token where sessions live in Postgres (REDIS_SESSIONS_ENABLED=false). */
export const authenticateSession = defineRpc('auth.session.authenticate', {
  service: 'auth',
  request: z.object({ token: z.string().max(512) }),
  response: z.object({ principal, expiresAt: isoTime }),
});

export const listSessions = defineRpc('auth.session.list', {
  service: 'auth',
  request: z.object({ userId, currentSessionId: z.string().optional() }),
  response: z.object({ items: z.array(sessionView) }),
});

export const revokeSession = defineRpc('auth.session.revoke', {
  service: 'auth',
  request: z.object({
    userId,
    sessionId: z.string().max(64),
    reason: z.enum(['logout', 'revoked']),
  }),
  response: ok,
});

export const revokeAllSessions = defineRpc('auth.session.revoke_all', {
  service: 'auth',
  request: z.object({ userId }),
  response: z.object({ revoked: z.number().int() }),
});

export const createTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(tokenScopeField).min(1).max(3),
  expiresAt: isoTime.optional(),
});

export const createToken = defineRpc('auth.token.create', {
  service: 'auth',
  request: createTokenBody.extend({ userId }),
  response: z.object({ token: apiTokenView, secret: z.string() }),
});

export const listTokens = defineRpc('auth.token.list', {
  service: 'auth',
  request: z.object({ userId }),
  response: z.object({ items: z.array(apiTokenView) }),
});

export const revokeToken = defineRpc('auth.token.revoke', {
  service: 'auth',
  request: z.object({ userId, tokenId: z.uuid() }),
  response: ok,
});

/** Verifies a personal API token's secret and notes its use. */
export const authenticateToken = defineRpc('auth.token.authenticate', {
  service: 'auth',
  request: z.object({ secret: z.string().max(512) }),
  response: z.object({ principal }),
});

export const directory = defineRpc('auth.user.directory', {
  service: 'auth',
  request: z.object({ userId, query: z.string().max(100).optional(), ...pageRequest }),
  response: z.object({ items: z.array(userSummaryView), nextCursor: z.string().nullable() }),
});

/** Existing, enabled users among `userIds` (unknown or disabled ids are left out): other services' lookups. */
export const lookupUsers = defineRpc('auth.user.lookup', {
  service: 'auth',
  request: z.object({ userIds: z.array(z.uuid()).min(1).max(200) }),
  response: z.object({ users: z.array(userSummaryView) }),
});

/** Admin RPCs name the acting admin; the auth service checks the role again. */
const actorId = z.uuid();

export const adminListUsers = defineRpc('auth.admin.user.list', {
  service: 'auth',
  request: z.object({ actorId, query: z.string().max(100).optional(), ...pageRequest }),
  response: z.object({ items: z.array(adminUserView), nextCursor: z.string().nullable() }),
});

export const adminCreateUserBody = z.strictObject({
  email: emailField,
  username: usernameField,
  password: passwordField,
  displayName: displayNameField.optional(),
  role: roleField.optional(),
});

export const adminCreateUser = defineRpc('auth.admin.user.create', {
  service: 'auth',
  request: adminCreateUserBody.extend({ actorId }),
  response: z.object({ user: adminUserView }),
});

export const adminUpdateUserBody = z.strictObject({
  role: roleField.optional(),
  disabled: z.boolean().optional(),
});

export const adminUpdateUser = defineRpc('auth.admin.user.update', {
  service: 'auth',
  request: adminUpdateUserBody.extend({ actorId, userId }),
  response: z.object({ user: adminUserView }),
});

export const authRpcContracts = [
  lookupUsers,
  register,
  registrationStatus,
  login,
  getMe,
  updateMe,
  changePassword,
  authenticateSession,
  listSessions,
  revokeSession,
  revokeAllSessions,
  createToken,
  listTokens,
  revokeToken,
  authenticateToken,
  directory,
  adminListUsers,
  adminCreateUser,
  adminUpdateUser,
] as const;
