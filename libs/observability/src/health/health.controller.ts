import { Controller, Get, Inject, Logger } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { LifecycleState } from './lifecycle-state';
import { type ReadinessCheck, ReadinessRegistry } from './readiness-registry';

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** `/health/live` (the process runs) and `/health/ready` (its dependencies answer). Outside `/api/v1`. */
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');
  private lastFailing = new Set<string>();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly registry: ReadinessRegistry,
    private readonly lifecycle: LifecycleState,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('live')
  live(): { status: 'ok'; service: string; uptimeSeconds: number } {
    return { status: 'ok', service: this.config.service, uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    const lifecycle = (): Promise<HealthIndicatorResult> => {
      const session = this.indicators.check('lifecycle');
      return Promise.resolve(
        this.lifecycle.draining ? session.down({ message: 'shutting down' }) : session.up(),
      );
    };
    return this.health.check([lifecycle, ...this.registry.list().map((check) => () => this.probe(check))]);
  }

  private async probe(check: ReadinessCheck): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(check.name);
    try {
      const details = await withTimeout(check.check(), this.config.healthCheckTimeoutMs);
      this.noteRecovered(check.name);
      return session.up(details);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.noteFailing(check.name, message);
      // A degradable dependency (the cache) is reported but does not take the service out of rotation.
      return check.critical === false ? session.up({ degraded: true, message }) : session.down({ message });
    }
  }

  private noteFailing(name: string, message: string): void {
    if (this.lastFailing.has(name)) return;
    this.lastFailing.add(name);
    this.logger.warn(`${name} is not ready: ${message}`);
  }

  private noteRecovered(name: string): void {
    if (this.lastFailing.delete(name)) this.logger.log(`${name} is ready again`);
  }
}
