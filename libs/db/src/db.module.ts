import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { serviceDataSourceOptions } from './data-source-options';
import { DatabaseConnector, SERVICE_DATABASE } from './database-connector';
import { assertValidServiceDatabase, type ServiceDatabase } from './service-database';

export interface DbModuleOptions {
  /** Queries slower than this are logged as warnings (default 1000 ms). */
  slowQueryMs?: number;
}

/**
 * One service's Postgres: its data source bound to its schema, the `postgres` readiness check, and the
 * pool closed at shutdown. Needs `ConfigModule` and a global `ReadinessRegistry` (ObservabilityModule).
 */
@Module({})
export class DbModule {
  static forService(database: ServiceDatabase, options: DbModuleOptions = {}): DynamicModule {
    assertValidServiceDatabase(database);
    return {
      module: DbModule,
      global: true,
      imports: [
        // @nestjs/typeorm so feature modules use the standard TypeOrmModule.forFeature / @InjectRepository;
        // manualInitialization because its own connect-with-retry blocks start-up and then aborts it.
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): TypeOrmModuleOptions => ({
            ...serviceDataSourceOptions(database, config.database, {
              logger: new Logger('Postgres'),
              slowQueryMs: options.slowQueryMs,
            }),
            manualInitialization: true,
          }),
        }),
      ],
      providers: [{ provide: SERVICE_DATABASE, useValue: database }, DatabaseConnector],
      exports: [SERVICE_DATABASE, DatabaseConnector],
    };
  }
}
