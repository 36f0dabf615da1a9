import { summarizeUserAgent } from './user-agent-summary';

describe('summarizeUserAgent', () => {
  const label = (userAgent: string | null) => summarizeUserAgent(userAgent).label;

  it('names desktop browsers and their system', () => {
    expect(label('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe(
      'Firefox on Windows',
    );
    expect(
      label(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
      ),
    ).toBe('Safari on macOS');
    expect(
      label(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome on Linux');
  });

  it('tells Chromium-based browsers apart from Chrome', () => {
    expect(
      label(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toBe('Edge on Windows');
    expect(
      label(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0',
      ),
    ).toBe('Opera on Windows');
  });

  it('counts headless Chrome (the browser tests) as Chrome', () => {
    expect(
      label(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome on Linux');
  });

  it('puts phones before the desktop systems their strings also mention', () => {
    expect(
      label(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iOS');
    expect(
      label(
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      ),
    ).toBe('Chrome on Android');
  });

  it('names scripts and other clients by their product', () => {
    expect(label('curl/7.88.1')).toBe('curl');
    expect(label('node')).toBe('Node.js');
    expect(label('Tracera-CLI/0.3 (+https://example.org)')).toBe('Tracera-CLI');
  });

  it('admits when it does not know', () => {
    expect(summarizeUserAgent(null)).toEqual({
      browser: 'Unknown device',
      os: null,
      label: 'Unknown device',
    });
    expect(label('   ')).toBe('Unknown device');
    expect(label('Mozilla/5.0 (compatible)')).toBe('Unknown device');
  });
});
