import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@tracera/config';
import { createServiceApp } from '@tracera/platform';
import { createTestDatabase, sharedInfra } from '@tracera/testing';
import { gatewayDatabase } from '../src/database/gateway.database';
import { GatewayModule } from '../src/gateway.module';
import { configureGatewayHttp } from '../src/http/configure-gateway-http';

/** The whole gateway as `main.ts` builds it (platform modules, real Redis and Postgres) with its HTTP layer. */
describe('gateway app with its HTTP layer', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const config = loadConfig(
      { service: 'gateway', defaultPort: 8080 },
      {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        REDIS_ADDR: sharedInfra().redisAddress,
        DATABASE_URL: await createTestDatabase('gateway-http'),
      },
    );
    app = await createServiceApp(
      {
        service: 'gateway',
        defaultPort: 8080,
        module: GatewayModule,
        database: gatewayDatabase,
        configureApp: configureGatewayHttp,
      },
      config,
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
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
});
