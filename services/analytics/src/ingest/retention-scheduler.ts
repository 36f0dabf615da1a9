import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { PurgeExpiredActivityUseCase } from './purge-expired-activity.use-case';

const PURGE_EVERY_MS = 60 * 60 * 1000;
/** The first purge after a start: soon, so replicas restarted more often than hourly still purge. */
const FIRST_PURGE_AFTER_MS = 60 * 1000;

/** Runs the activity retention hourly; every replica may, as a purge deletes only what is still there. */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ActivityRetention');
  private timer?: NodeJS.Timeout;
  private firstTimer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly purge: PurgeExpiredActivityUseCase) {}

  onApplicationBootstrap(): void {
    this.firstTimer = setTimeout(() => this.tick(), FIRST_PURGE_AFTER_MS);
    this.firstTimer.unref();
    this.timer = setInterval(() => this.tick(), PURGE_EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.firstTimer);
    clearInterval(this.timer);
    // The database closes after this hook: let a running purge finish its batch first.
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.run().finally(() => {
      this.running = undefined;
    });
  }

  private async run(): Promise<void> {
    try {
      const deleted = await this.purge.execute();
      if (deleted > 0) this.logger.log(`deleted ${deleted} activity rows past retention`);
    } catch (error) {
      this.logger.warn(
        `activity retention failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
