import { bootstrapService } from '@tracera/platform';
import { gatewayService } from './gateway.service-definition';

void bootstrapService(gatewayService);
