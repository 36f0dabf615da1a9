import { credentialOf } from './socket-authenticator';

const handshake = (auth: Record<string, unknown>, headers: Record<string, string> = {}) => ({
  auth,
  headers,
});

describe('credentialOf', () => {
  it('takes auth.token first, then a bearer header, then the session cookie', () => {
    const all = { authorization: 'Bearer header-token', cookie: 'tracera_session=cookie-token' };
    expect(credentialOf(handshake({ token: ' auth-token ' }, all))).toBe('auth-token');
    expect(credentialOf(handshake({}, all))).toBe('header-token');
    expect(credentialOf(handshake({}, { cookie: 'theme=dark; tracera_session=cookie-token' }))).toBe(
      'cookie-token',
    );
  });

  it('finds nothing in an empty or malformed handshake', () => {
    expect(credentialOf(handshake({}))).toBeUndefined();
    expect(credentialOf(handshake({ token: 42 }))).toBeUndefined();
    expect(credentialOf(handshake({ token: '   ' }, { cookie: 'not_tracera_session=x' }))).toBeUndefined();
  });
});
