import { type LoggerService } from '@nestjs/common';
import { errorMessage } from '@tracera/db';
import { Client } from 'pg';

export interface OutboxListenerOptions {
  connectionString: string;
  channel: string;
  applicationName: string;
  /** Called on every notification and after every (re)connect, as rows may have arrived meanwhile. */
  onWake: () => void;
  logger: LoggerService;
  connectTimeoutMs?: number;
  /** Wait before reconnecting after a failure (doubling up to 10× this). */
  reconnectDelayMs?: number;
}

/**
 * A session of its own that LISTENs on the outbox channel (a pooled connection can't keep a LISTEN) and
 * reconnects forever. Only a shortcut: the relay polls anyway, so a lost notification merely delays.
 */
export class OutboxListener {
  private stopped = false;
  private client?: Client;
  private loop?: Promise<void>;
  private wakeSleep?: () => void;
  private reportedFailure = false;

  constructor(private readonly options: OutboxListenerOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeSleep?.();
    await this.client?.end().catch(() => undefined);
    await this.loop;
  }

  private async run(): Promise<void> {
    const baseDelayMs = this.options.reconnectDelayMs ?? 500;
    let delayMs = baseDelayMs;
    while (!this.stopped) {
      try {
        await this.listenUntilBroken(() => (delayMs = baseDelayMs));
      } catch (error) {
        if (this.stopped) return;
        if (!this.reportedFailure) {
          this.options.logger.warn(
            `outbox listener on ${this.options.channel} lost its connection (${errorMessage(error)}); ` +
              'polling until it reconnects',
          );
          this.reportedFailure = true;
        }
        await this.sleep(delayMs);
        delayMs = Math.min(delayMs * 2, baseDelayMs * 10);
      }
    }
  }

  /** Connects and LISTENs, then resolves only when stopped and rejects when the session breaks. */
  private async listenUntilBroken(onListening: () => void): Promise<void> {
    const client = new Client({
      connectionString: this.options.connectionString,
      application_name: this.options.applicationName,
      connectionTimeoutMillis: this.options.connectTimeoutMs ?? 5000,
      keepAlive: true,
    });
    this.client = client;
    const broken = new Promise<never>((_, reject) => {
      client.on('error', reject);
      client.on('end', () => reject(new Error('connection ended')));
    });
    // Keeps an early break (before anyone awaits `broken`) from surfacing as an unhandled rejection.
    broken.catch(() => undefined);
    try {
      await client.connect();
      client.on('notification', () => this.options.onWake());
      await client.query(`LISTEN "${this.options.channel}"`);
      if (this.stopped) return;
      onListening();
      if (this.reportedFailure)
        this.options.logger.log(`outbox listener on ${this.options.channel} reconnected`);
      this.reportedFailure = false;
      this.options.onWake();
      await broken;
    } catch (error) {
      if (this.stopped) return;
      throw error;
    } finally {
      client.removeAllListeners('notification');
      await client.end().catch(() => undefined);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
