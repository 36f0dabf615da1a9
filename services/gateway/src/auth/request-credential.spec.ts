import { type FastifyRequest } from 'fastify';
import { requestCredential, sessionCookieOf } from './request-credential';

const requestWith = (headers: Record<string, string>) => ({ headers }) as unknown as FastifyRequest;

describe('requestCredential', () => {
  it('takes the bearer token first, then the session cookie', () => {
    expect(
      requestCredential(requestWith({ authorization: 'Bearer abc', cookie: 'tracera_session=def' })),
    ).toBe('abc');
    expect(requestCredential(requestWith({ authorization: 'bearer   abc ' }))).toBe('abc');
    expect(requestCredential(requestWith({ cookie: 'theme=dark; tracera_session=def; x=1' }))).toBe('def');
    expect(requestCredential(requestWith({}))).toBeUndefined();
  });

  it('finds only the tracera_session cookie, not one whose name merely ends with it', () => {
    expect(sessionCookieOf('not_tracera_session=evil')).toBeUndefined();
    expect(sessionCookieOf('tracera_session=')).toBeUndefined();
    expect(sessionCookieOf('a=1;tracera_session=ok')).toBe('ok');
  });
});
