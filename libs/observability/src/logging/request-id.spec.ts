import { type IncomingMessage } from 'node:http';
import { correlationIdFor, requestIdFor } from './request-id';

function exchange(headers: Record<string, string>): { req: IncomingMessage & { id?: unknown } } {
  return { req: { headers } as unknown as IncomingMessage & { id?: unknown } };
}

describe('request ids', () => {
  it('keeps a well-formed incoming X-Request-Id', () => {
    expect(requestIdFor(exchange({ 'x-request-id': 'abc-123' }).req)).toBe('abc-123');
  });

  it('replaces a malformed or oversized one with a fresh UUID', () => {
    for (const bad of ['has spaces', 'x'.repeat(200), 'new\nline']) {
      expect(requestIdFor(exchange({ 'x-request-id': bad }).req)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('uses X-Correlation-Id when given, else the request id', () => {
    const given = exchange({ 'x-correlation-id': 'flow-9' });
    expect(correlationIdFor(given.req)).toBe('flow-9');
    const plain = exchange({});
    plain.req.id = 'req-1';
    expect(correlationIdFor(plain.req)).toBe('req-1');
  });
});
