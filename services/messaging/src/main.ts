import { bootstrapService } from '@tracera/platform';
import { messagingService } from './messaging.service-definition';

void bootstrapService(messagingService);
