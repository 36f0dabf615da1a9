import { bootstrapService } from '@tracera/platform';
import { authService } from './auth.service-definition';

void bootstrapService(authService);
