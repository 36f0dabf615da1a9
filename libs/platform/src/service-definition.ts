import { type Type } from '@nestjs/common';
import { type ServiceDatabase } from '@tracera/db';

/** What makes one Tracera service: its name, its default port, its feature module and its database schema. */
export interface ServiceDefinition {
  service: string;
  defaultPort: number;
  module: Type<unknown>;
  database: ServiceDatabase;
}
