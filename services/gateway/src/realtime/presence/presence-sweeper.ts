import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { PresenceService } from './presence.service';

/** How often a node sweeps: a quarter of PRESENCE_TTL, between 100 ms and 5 s. */
export function sweepIntervalMs(ttlMs: number): number {
  return Math.min(5000, Math.max(100, Math.floor(ttlMs / 4)));
}

/**
 * Runs the presence sweep on a timer on every node, so a user whose sockets stopped beating (client gone
 * quiet, or a node killed) is announced offline within about PRESENCE_TTL plus one interval.
 */
@Injectable()
export class PresenceSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PresenceSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private failing = false;

  constructor(private readonly presence: PresenceService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), sweepIntervalMs(this.presence.ttlMs));
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.presence
      .sweep()
      .then(
        () => {
          if (this.failing) this.logger.log('presence sweep works again');
          this.failing = false;
        },
        (error: unknown) => {
          // Logged once per outage; the next tick retries.
          if (!this.failing) this.logger.warn(`presence sweep failed: ${(error as Error).message}`);
          this.failing = true;
        },
      )
      .finally(() => {
        this.running = undefined;
      });
  }
}
