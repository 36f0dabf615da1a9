import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@tracera/config';
import { createServiceApp } from '@tracera/platform';
import { createTestDatabase, sharedInfra } from '@tracera/testing';
import { gatewayDatabase } from '../src/database/gateway.database';
import { GatewayModule } from '../src/gateway.module';
import { configureGatewayHttp } from '../src/http/configure-gateway-http';

/**
 * The whole gateway as `main.ts` builds it (platform modules, real Redis and a fresh Postgres database named
 * after `label`) with its HTTP layer, initialised and ready for `app.inject`.
 */
export async function startGatewayApp(label: string): Promise<NestFastifyApplication> {
  const config = loadConfig(
    { service: 'gateway', defaultPort: 8080 },
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      REDIS_ADDR: sharedInfra().redisAddress,
      DATABASE_URL: await createTestDatabase(label),
    },
  );
  const app = await createServiceApp(
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
  return app;
}
