import { Injectable } from '@nestjs/common';
import { type Principal } from '@tracera/contracts';
import { type Socket } from 'socket.io';
import { Authenticator } from '../auth/authenticator';
import { sessionCookieOf } from '../auth/request-credential';
import { canRead } from './socket-session';

type Handshake = Socket['handshake'];

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Who opens a socket, with the same Authenticator the HTTP guards use: a browser's `tracera_session` cookie,
 * or `auth: {token}` (a session or personal API token) from clients that cannot set cookies. Null: no usable
 * credential (missing, unknown, expired, revoked, or an API token without the `read` scope).
 */
@Injectable()
export class SocketAuthenticator {
  constructor(private readonly authenticator: Authenticator) {}

  async authenticate(handshake: Handshake): Promise<Principal | null> {
    const credential = credentialOf(handshake);
    if (credential === undefined) return null;
    // Throws SessionsUnavailableError / RpcError when credentials cannot be checked: auth fails closed.
    const authentication = await this.authenticator.authenticate(credential);
    if (!authentication || !canRead(authentication.principal)) return null;
    return authentication.principal;
  }
}

/** `auth.token` first (it is explicit), then `Authorization: Bearer` (Node clients' extraHeaders), then the cookie. */
export function credentialOf(handshake: Pick<Handshake, 'auth' | 'headers'>): string | undefined {
  const token = (handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof token === 'string' && token.trim() !== '') return token.trim();
  const authorization = handshake.headers.authorization;
  if (authorization) return BEARER.exec(authorization)?.[1] ?? authorization;
  return sessionCookieOf(handshake.headers.cookie);
}
