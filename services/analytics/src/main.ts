import { bootstrapService } from '@tracera/platform';
import { analyticsService } from './analytics.service-definition';

void bootstrapService(analyticsService);
