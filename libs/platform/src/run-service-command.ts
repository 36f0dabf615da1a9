import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@tracera/config';
import { createServiceApp } from './create-service-app';
import { type ServiceDefinition } from './service-definition';

/**
 * Runs a one-shot admin command (`npm run search:rebuild`, `analytics:rebuild`) inside a service's app, built
 * from the services' environment without consumers or HTTP listener. Prints the line the command returns;
 * failures go to stderr with exit code 1.
 */
export function runServiceCommand(
  definition: ServiceDefinition,
  command: (app: NestFastifyApplication) => Promise<string>,
): void {
  const run = async (): Promise<void> => {
    const config = loadConfig({ service: definition.service, defaultPort: 0 });
    const app = await createServiceApp(definition, config);
    try {
      await app.init();
      process.stdout.write(`${await command(app)}\n`);
    } finally {
      await app.close();
    }
  };
  run().then(
    () => {
      process.exitCode = 0;
    },
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
