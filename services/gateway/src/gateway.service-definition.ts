import { type ServiceDefinition } from '@tracera/platform';
import { gatewayDatabase } from './database/gateway.database';
import { GatewayModule } from './gateway.module';
import { configureGatewayHttp } from './http/configure-gateway-http';

/** The gateway as the platform boots it; tests build the same app in-process from this. */
export const gatewayService: ServiceDefinition = {
  service: 'gateway',
  defaultPort: 8080,
  module: GatewayModule,
  database: gatewayDatabase,
  configureApp: configureGatewayHttp,
};
