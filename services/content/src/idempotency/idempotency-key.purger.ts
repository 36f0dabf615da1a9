import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

const PURGE_EVERY_MS = 60 * 60 * 1000;

/** Deletes idempotency keys past their 24 hours, hourly, so the table stays the size of one day's creates. */
@Injectable()
export class IdempotencyKeyPurger implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('IdempotencyKeys');
  private timer?: NodeJS.Timeout;

  constructor(private readonly keys: IdempotencyKeyRepository) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async purge(): Promise<void> {
    try {
      await this.keys.purgeExpired();
    } catch (error) {
      this.logger.warn(
        `purging expired keys failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
