import { loadConfig } from '@tracera/config';
import { type FastifyReply } from 'fastify';
import { SessionCookie } from './session-cookie';

function cookieSetBy(
  env: Record<string, string>,
  write: (cookie: SessionCookie, reply: FastifyReply) => void,
) {
  const config = loadConfig({ service: 'gateway', defaultPort: 8080 }, { NODE_ENV: 'test', ...env });
  const headers: Record<string, string> = {};
  const reply = {
    header: (name: string, value: string) => (headers[name] = value),
  } as unknown as FastifyReply;
  write(new SessionCookie(config), reply);
  return headers['set-cookie'];
}

describe('SessionCookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/ and Secure by default, living as long as the absolute cap', () => {
    expect(cookieSetBy({}, (cookie, reply) => cookie.set(reply, 'tok_en-1'))).toBe(
      'tracera_session=tok_en-1; Max-Age=2592000; Path=/; HttpOnly; SameSite=Lax; Secure',
    );
    expect(
      cookieSetBy({ AUTH_SESSION_MAX_AGE: '2h', AUTH_SESSION_IDLE_TIMEOUT: '1h' }, (cookie, reply) =>
        cookie.set(reply, 't'),
      ),
    ).toMatch(/; Max-Age=7200;/);
  });

  it('drops Secure only when AUTH_COOKIE_SECURE=false, and clears with the same attributes', () => {
    expect(
      cookieSetBy({ AUTH_COOKIE_SECURE: 'false' }, (cookie, reply) => cookie.set(reply, 't')),
    ).not.toMatch(/Secure/);
    expect(cookieSetBy({}, (cookie, reply) => cookie.clear(reply))).toBe(
      'tracera_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax; Secure; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    );
  });
});
