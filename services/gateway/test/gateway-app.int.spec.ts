import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { startGatewayApp } from './gateway-app.fixture';

/** The whole gateway as `main.ts` builds it (platform modules, real Redis and Postgres) with its HTTP layer. */
describe('gateway app with its HTTP layer', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startGatewayApp('gateway-http');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('keeps health and metrics outside /api/v1 and answers unknown API routes with a problem', async () => {
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    const missing = await app.inject({ method: 'GET', url: '/api/v1/bookmarks-not-yet' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.json()).toMatchObject({ requestId: missing.headers['x-request-id'] });
  });

  it('serves the OpenAPI document and the docs UI', async () => {
    const document = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(document.statusCode).toBe(200);
    expect(document.json<{ openapi: string }>().openapi).toMatch(/^3\./);
    expect((await app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBe(200);
  });

  it('describes nullable fields as OpenAPI 3.0 nullable, never as type arrays or arrays of their type', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    }>();
    const schemas = document.components.schemas;
    // A top-level nullable field (nextCursor) and a nested one (items[].avatarUrl).
    expect(schemas.UserDirectoryPageDto_Output.properties?.nextCursor).toEqual({
      type: 'string',
      nullable: true,
    });
    expect(JSON.stringify(schemas.UserDirectoryPageDto_Output)).toContain(
      '"avatarUrl":{"type":"string","nullable":true}',
    );
    const typeArrays = JSON.stringify(document).match(/"type":\[[^\]]*\]/g);
    expect(typeArrays).toBeNull();
  });
});
