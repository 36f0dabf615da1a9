import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppConfig, ConfigValidationError, loadConfig } from '@tracera/config';
import { LifecycleState } from '@tracera/observability';
import { Logger } from 'nestjs-pino';
import { createServiceApp } from './create-service-app';
import { type ServiceDefinition } from './service-definition';

/** Validated config, or exit 1 with every bad variable named (before anything else starts). */
function configOrExit(definition: ServiceDefinition): AppConfig {
  try {
    return loadConfig({ service: definition.service, defaultPort: definition.defaultPort });
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${definition.service}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Stops taking work, drains, closes Redis and Postgres, and exits; a hung step cannot outlast the deadline. */
function installShutdown(app: NestFastifyApplication, config: AppConfig, logger: Logger): void {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: draining (deadline ${config.shutdownTimeoutMs} ms)`);
    app.get(LifecycleState).beginDraining();
    setTimeout(() => {
      logger.error(`shutdown did not finish within ${config.shutdownTimeoutMs} ms; exiting`);
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    app.close().then(
      () => {
        logger.log('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/** The `main.ts` of every service: validate config, build the app, listen, and shut down cleanly. */
export async function bootstrapService(definition: ServiceDefinition): Promise<NestFastifyApplication> {
  const config = configOrExit(definition);
  const app = await createServiceApp(definition, config);
  const logger = app.get(Logger);
  process.on('unhandledRejection', (reason) => {
    // A rejection nobody handled leaves state unknown: crash and let the supervisor restart us.
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    process.exit(1);
  });
  installShutdown(app, config, logger);
  // Modules first (Postgres connected), so the first handlers of a backlog find their database; then consumers
  // before HTTP: a handler/contract mismatch fails the start instead of serving half a service.
  await app.init();
  await app.startAllMicroservices();
  await app.listen({ port: config.http.port, host: '0.0.0.0' });
  logger.log(`${definition.service} listening on :${config.http.port}`);
  return app;
}
