import { originAllowed } from './socket-origin';

const handshake = (headers: Record<string, string>) => ({ headers });

describe('originAllowed', () => {
  const allowed = ['https://app.example.com'];

  it('lets non-browser clients (no Origin) and configured origins in', () => {
    expect(originAllowed(handshake({ host: 'api.example.com' }), allowed)).toBe(true);
    expect(originAllowed(handshake({ origin: 'https://app.example.com' }), allowed)).toBe(true);
  });

  it('lets the gateway’s own origin in', () => {
    expect(originAllowed(handshake({ origin: 'https://api.example.com', host: 'api.example.com' }), [])).toBe(
      true,
    );
  });

  it('keeps other pages out, including look-alikes and opaque origins', () => {
    const refused = [
      'https://evil.example',
      'https://app.example.com.evil.example',
      'http://app.example.com',
      'null',
    ];
    for (const origin of refused) {
      expect(originAllowed(handshake({ origin, host: 'api.example.com' }), allowed)).toBe(false);
    }
  });
});
