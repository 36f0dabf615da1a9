import { bootstrapService } from '@tracera/platform';
import { gatewayDatabase } from './database/gateway.database';
import { GatewayModule } from './gateway.module';
import { configureGatewayHttp } from './http/configure-gateway-http';

void bootstrapService({
  service: 'gateway',
  defaultPort: 8080,
  module: GatewayModule,
  database: gatewayDatabase,
  configureApp: configureGatewayHttp,
});
