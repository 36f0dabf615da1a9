import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { type FastifyReply } from 'fastify';
import { SESSION_COOKIE } from './request-credential';

/**
 * The browser's session cookie: `HttpOnly; SameSite=Lax; Path=/`, `Secure` unless AUTH_COOKIE_SECURE=false.
 * Written here rather than by @fastify/cookie, whose ESM-only `cookie` import does not load under Jest on Node 20.
 */
@Injectable()
export class SessionCookie {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Lives as long as the session's absolute cap; the sliding idle timeout is the server's to enforce. */
  set(reply: FastifyReply, token: string): void {
    const maxAgeSeconds = Math.floor(this.config.auth.sessionMaxAgeMs / 1000);
    void reply.header('set-cookie', this.serialize(encodeURIComponent(token), maxAgeSeconds));
  }

  clear(reply: FastifyReply): void {
    void reply.header('set-cookie', `${this.serialize('', 0)}; Expires=Thu, 01 Jan 1970 00:00:00 GMT`);
  }

  private serialize(value: string, maxAgeSeconds: number): string {
    const secure = this.config.auth.cookieSecure ? '; Secure' : '';
    return `${SESSION_COOKIE}=${value}; Max-Age=${maxAgeSeconds}; Path=/; HttpOnly; SameSite=Lax${secure}`;
  }
}
