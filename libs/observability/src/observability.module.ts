import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import { type AppConfig } from '@tracera/config';
import { LoggerModule } from 'nestjs-pino';
import { type Logger } from 'pino';
import { HealthController } from './health/health.controller';
import { LifecycleState } from './health/lifecycle-state';
import { ReadinessRegistry } from './health/readiness-registry';
import { loggerOptions } from './logging/logger-options';

/** Logging, `/metrics` and `/health/*` for every service. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(logger)),
        PrometheusModule.register({
          path: '/metrics',
          // Process metrics are process-wide: a second app in one process (tests) must not register them again.
          defaultMetrics: {
            enabled: register.getSingleMetric('process_cpu_user_seconds_total') === undefined,
          },
          defaultLabels: { service: config.service },
        }),
        // Failing probes are logged once per transition by HealthController, not on every poll.
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController],
      providers: [ReadinessRegistry, LifecycleState],
      exports: [ReadinessRegistry, LifecycleState],
    };
  }
}
