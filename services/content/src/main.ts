import { bootstrapService } from '@tracera/platform';
import { contentService } from './content.service-definition';

void bootstrapService(contentService);
