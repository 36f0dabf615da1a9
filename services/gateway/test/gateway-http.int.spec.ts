import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type InjectOptions, type LightMyRequestResponse } from 'fastify';
import { type CapturedLogs, startGatewayHttp } from './gateway-http.fixture';
import {
  TestClientIpController,
  TestFailuresController,
  TestHealthController,
  TestNotesController,
} from './test-controllers';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  code?: string;
  errors?: { field: string; message: string }[];
}

const controllers = [
  TestNotesController,
  TestFailuresController,
  TestClientIpController,
  TestHealthController,
];

/** Asserts the response is a well-formed problem with the request's id, and returns it. */
function expectProblem(response: LightMyRequestResponse, status: number, kind: string): Problem {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json<Problem>();
  expect(response.statusCode).toBe(status);
  expect(problem).toMatchObject({ type: `https://tracera.dev/problems/${kind}`, status });
  expect(typeof problem.title).toBe('string');
  expect(typeof problem.detail).toBe('string');
  expect(problem.requestId).toBe(response.headers['x-request-id']);
  expect(problem.requestId).not.toBe('');
  expect(JSON.stringify(problem)).not.toMatch(/\bat .+\.(ts|js):\d+/);
  return problem;
}

const validNote = { title: 'groceries', tags: ['home'] };

describe('gateway HTTP layer', () => {
  let app: NestFastifyApplication;
  let logs: CapturedLogs;
  const request = (options: InjectOptions) => app.inject(options);
  const postNote = (payload: unknown) =>
    request({ method: 'POST', url: '/api/v1/test-notes', payload: payload as InjectOptions['payload'] });

  beforeAll(async () => {
    ({ app, logs } = await startGatewayHttp(controllers, {
      CORS_ORIGINS: 'https://app.tracera.test',
      HTTP_BODY_LIMIT: '2kb',
    }));
  });
  afterAll(async () => {
    await app.close();
  });

  describe('routing and validation', () => {
    it('serves routes under /api/v1 and keeps /health outside it', async () => {
      const created = await postNote(validNote);
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ title: 'groceries', pinned: false });
      expect((await request({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
      expectProblem(await request({ method: 'GET', url: '/test-notes' }), 404, 'not-found');
    });

    it('answers an unknown route with a 404 problem', async () => {
      const problem = expectProblem(
        await request({ method: 'GET', url: '/api/v1/nope?x=1' }),
        404,
        'not-found',
      );
      expect(problem.instance).toBe('/api/v1/nope');
    });

    it('answers malformed JSON with 400 malformed-json', async () => {
      const response = await request({
        method: 'POST',
        url: '/api/v1/test-notes',
        headers: { 'content-type': 'application/json' },
        payload: '{"title": "unterminated',
      });
      expectProblem(response, 400, 'malformed-json');
      const empty = await request({
        method: 'POST',
        url: '/api/v1/test-notes',
        headers: { 'content-type': 'application/json' },
      });
      expect(expectProblem(empty, 400, 'malformed-json').detail).toMatch(/empty/);
    });

    it('answers a body that is not JSON with 415', async () => {
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
        const response = await request({
          method: 'POST',
          url: '/api/v1/test-notes',
          headers: { 'content-type': contentType },
          payload: 'title=groceries',
        });
        expectProblem(response, 415, 'unsupported-media-type');
      }
    });

    it('answers a body over HTTP_BODY_LIMIT with 413', async () => {
      const response = await postNote({ title: 'big', body: 'x'.repeat(3000) });
      expectProblem(response, 413, 'payload-too-large');
    });

    it('rejects an unknown field, naming it', async () => {
      const problem = expectProblem(
        await postNote({ ...validNote, isAdmin: true }),
        400,
        'validation-failed',
      );
      expect(problem.errors).toEqual([{ field: 'isAdmin', message: expect.any(String) as string }]);
    });

    it('rejects a wrong type, a missing field and an overlong string, naming each field', async () => {
      const wrongType = expectProblem(
        await postNote({ title: 'ok', pinned: 'yes' }),
        400,
        'validation-failed',
      );
      expect(wrongType.errors?.map((e) => e.field)).toEqual(['pinned']);

      const missing = expectProblem(await postNote({ tags: ['home'] }), 400, 'validation-failed');
      expect(missing.errors?.map((e) => e.field)).toEqual(['title']);

      const overlong = expectProblem(
        await postNote({ title: 'x'.repeat(21), tags: ['ok', 'y'.repeat(11)] }),
        400,
        'validation-failed',
      );
      expect(overlong.errors?.map((e) => e.field).sort()).toEqual(['tags.1', 'title']);
      expect(overlong.errors?.find((e) => e.field === 'title')?.message).toMatch(/20/);
    });

    it('coerces query numbers where declared and validates params and query', async () => {
      const listed = await request({ method: 'GET', url: '/api/v1/test-notes?limit=20' });
      expect(listed.statusCode).toBe(200);
      expect(listed.json()).toEqual({ items: [], nextCursor: null, limit: 20 });
      expect((await request({ method: 'GET', url: '/api/v1/test-notes' })).json()).toMatchObject({
        limit: 50,
      });

      const badQuery = expectProblem(
        await request({ method: 'GET', url: '/api/v1/test-notes?limit=1000&sort=asc' }),
        400,
        'validation-failed',
      );
      expect(badQuery.errors?.map((e) => e.field).sort()).toEqual(['limit', 'sort']);

      const badParam = expectProblem(
        await request({ method: 'GET', url: '/api/v1/test-notes/42' }),
        400,
        'validation-failed',
      );
      expect(badParam.errors?.map((e) => e.field)).toEqual(['id']);
    });
  });

  describe('errors from services and stores', () => {
    it('maps RpcError NOT_FOUND to 404 with the code and message', async () => {
      const problem = expectProblem(
        await request({ method: 'GET', url: '/api/v1/test-failures/rpc-not-found' }),
        404,
        'not-found',
      );
      expect(problem).toMatchObject({ code: 'NOT_FOUND', detail: 'note 42 does not exist' });
    });

    it('maps RpcError VALIDATION to 422 with the service’s field errors', async () => {
      const problem = expectProblem(
        await request({ method: 'GET', url: '/api/v1/test-failures/rpc-validation' }),
        422,
        'unprocessable-content',
      );
      expect(problem.errors).toEqual([{ field: 'dueAt', message: 'must not be before startsAt' }]);
    });

    it('maps RpcTimeoutError to 504 without internal stream names', async () => {
      const problem = expectProblem(
        await request({ method: 'GET', url: '/api/v1/test-failures/rpc-timeout' }),
        504,
        'upstream-timeout',
      );
      expect(problem.code).toBe('RPC_TIMEOUT');
      expect(problem.detail).not.toMatch(/stream|rpc:content/);
    });

    it('answers 503 when Redis is unreachable', async () => {
      const problem = expectProblem(
        await request({ method: 'GET', url: '/api/v1/test-failures/redis-down' }),
        503,
        'service-unavailable',
      );
      expect(problem.detail).toMatch(/Redis/);
    });

    it('answers 503 when Postgres is unreachable', async () => {
      expectProblem(
        await request({ method: 'GET', url: '/api/v1/test-failures/db-down' }),
        503,
        'service-unavailable',
      );
    });

    it('maps Nest HttpExceptions by status', async () => {
      const problem = expectProblem(
        await request({ method: 'GET', url: '/api/v1/test-failures/conflict' }),
        409,
        'conflict',
      );
      expect(problem.detail).toBe('a tag with that name exists');
    });

    it('answers an unexpected error with a generic 500 and logs the real message with the request id', async () => {
      const response = await request({
        method: 'GET',
        url: '/api/v1/test-failures/bug',
        headers: { 'x-request-id': 'req-bug-1' },
      });
      const problem = expectProblem(response, 500, 'internal');
      expect(problem.requestId).toBe('req-bug-1');
      expect(response.body).not.toMatch(/ledger|invariant/);
      const errorLog = logs.text('error');
      expect(errorLog).toMatch(/invariant broken: ledger row 7 has no owner/);
      expect(errorLog).toMatch(/req-bug-1/);
    });
  });

  describe('browser-facing security', () => {
    it('gives a listed origin CORS headers with credentials, and an unlisted origin none', async () => {
      const preflight = (origin: string) =>
        request({
          method: 'OPTIONS',
          url: '/api/v1/test-notes',
          headers: { origin, 'access-control-request-method': 'POST' },
        });
      const allowed = await preflight('https://app.tracera.test');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.tracera.test');
      expect(allowed.headers['access-control-allow-credentials']).toBe('true');
      const refused = await preflight('https://evil.example');
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();

      const simple = await request({
        method: 'GET',
        url: '/api/v1/test-notes',
        headers: { origin: 'https://evil.example' },
      });
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('lets the listed origin edit and delete with the headers the web app sends, and read the answers’ headers', async () => {
      const preflight = await request({
        method: 'OPTIONS',
        url: '/api/v1/test-notes',
        headers: {
          origin: 'https://app.tracera.test',
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': 'content-type,if-match,idempotency-key',
        },
      });
      const methods = String(preflight.headers['access-control-allow-methods']).split(/,\s*/);
      expect(methods).toEqual(expect.arrayContaining(['PATCH', 'DELETE', 'PUT']));
      const headers = String(preflight.headers['access-control-allow-headers']).toLowerCase().split(/,\s*/);
      expect(headers).toEqual(expect.arrayContaining(['content-type', 'if-match', 'idempotency-key']));
      const answer = await request({
        method: 'GET',
        url: '/api/v1/test-notes',
        headers: { origin: 'https://app.tracera.test' },
      });
      expect(String(answer.headers['access-control-expose-headers'])).toMatch(/retry-after/);
      expect(String(answer.headers['access-control-expose-headers'])).toMatch(/etag/);
    });

    it('sends security headers on answers and problems alike', async () => {
      for (const url of ['/api/v1/test-notes', '/api/v1/nope']) {
        const response = await request({ method: 'GET', url });
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['strict-transport-security']).toMatch(/max-age=/);
        expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
      }
    });
  });

  describe('OpenAPI', () => {
    it('serves a valid OpenAPI 3 document with the routes’ zod schemas and the problem schema', async () => {
      const response = await request({ method: 'GET', url: '/api/openapi.json' });
      expect(response.statusCode).toBe(200);
      const document = response.json<{
        openapi: string;
        paths: Record<
          string,
          Record<
            string,
            { requestBody?: unknown; parameters?: unknown[]; responses: Record<string, unknown> }
          >
        >;
        components: { schemas: Record<string, Record<string, unknown>> };
      }>();
      expect(document.openapi).toMatch(/^3\./);
      expect(Object.keys(document.paths).sort()).toEqual([
        '/api/v1/test-client/ip',
        '/api/v1/test-failures/bug',
        '/api/v1/test-failures/conflict',
        '/api/v1/test-failures/db-down',
        '/api/v1/test-failures/redis-down',
        '/api/v1/test-failures/rpc-not-found',
        '/api/v1/test-failures/rpc-timeout',
        '/api/v1/test-failures/rpc-validation',
        '/api/v1/test-notes',
        '/api/v1/test-notes/{id}',
        '/health/live',
      ]);
      const create = document.paths['/api/v1/test-notes'].post;
      expect(JSON.stringify(create.requestBody)).toMatch(/#\/components\/schemas\/CreateNoteDto/);
      expect(document.components.schemas.CreateNoteDto).toMatchObject({
        type: 'object',
        required: ['title'],
        additionalProperties: false,
        properties: { title: { type: 'string', maxLength: 20 } },
      });
      expect(JSON.stringify(create.responses['201'])).toMatch(/NoteDto/);
      const list = document.paths['/api/v1/test-notes'].get;
      expect(JSON.stringify(list.parameters)).toMatch(/"name":"limit"/);
      expect(document.components.schemas.ProblemDetails).toMatchObject({
        type: 'object',
        required: expect.arrayContaining(['type', 'title', 'status', 'detail', 'requestId']) as string[],
      });
      for (const operations of Object.values(document.paths)) {
        for (const operation of Object.values(operations)) {
          expect(JSON.stringify(operation.responses['4XX'])).toMatch(/application\/problem\+json/);
        }
      }
      // Every reference resolves: the document is self-contained.
      const references = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)];
      expect(references.length).toBeGreaterThan(0);
      for (const [, name] of references) expect(document.components.schemas[name]).toBeDefined();
    });

    it('serves the docs UI from its own origin, allowed by the CSP', async () => {
      const page = await request({ method: 'GET', url: '/api/docs' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/swagger-ui/);
      expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
      expect(page.body).not.toMatch(/https?:\/\/(?!tracera)[a-z0-9.-]+\/[^"']*\.(js|css)/);
      const scripts = [...page.body.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) {
        const asset = await request({
          method: 'GET',
          url: new URL(script, 'http://gateway/api/docs/').pathname,
        });
        expect(asset.statusCode).toBe(200);
      }
    });
  });
});

describe('clientIp', () => {
  const ipSeen = async (app: NestFastifyApplication, remoteAddress: string, forwardedFor?: string) => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/test-client/ip',
      remoteAddress,
      headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
    });
    return response.json<{ ip: string }>().ip;
  };

  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', async () => {
    const { app } = await startGatewayHttp([TestClientIpController]);
    try {
      expect(await ipSeen(app, '198.51.100.9')).toBe('198.51.100.9');
      expect(await ipSeen(app, '198.51.100.9', '203.0.113.7')).toBe('198.51.100.9');
    } finally {
      await app.close();
    }
  });

  it('behind trusted proxies is the right-most untrusted X-Forwarded-For address', async () => {
    const { app } = await startGatewayHttp([TestClientIpController], {
      TRUSTED_PROXIES: 'loopback,10.0.0.0/8',
    });
    try {
      expect(await ipSeen(app, '10.0.0.5', '203.0.113.7')).toBe('203.0.113.7');
      // Two trusted hops (balancer then ingress) are walked through.
      expect(await ipSeen(app, '10.0.0.5', '203.0.113.7, 10.1.2.3')).toBe('203.0.113.7');
      // The client wrote the left-most entry itself: the proxy appended the real peer to its right.
      expect(await ipSeen(app, '10.0.0.5', '6.6.6.6, 203.0.113.7')).toBe('203.0.113.7');
      // A peer that is not a trusted proxy cannot forward anyone's address.
      expect(await ipSeen(app, '198.51.100.9', '203.0.113.7')).toBe('198.51.100.9');
      expect(await ipSeen(app, '127.0.0.1')).toBe('127.0.0.1');
    } finally {
      await app.close();
    }
  });
});
