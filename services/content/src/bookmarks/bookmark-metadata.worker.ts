import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { PageFetchError, PageMetadataFetcher } from '../web-pages/page-metadata.fetcher';
import { ApplyPageMetadataUseCase } from './apply-page-metadata.use-case';
import { BookmarkRepository, type MetadataClaim } from './bookmark.repository';

/** Bookmarks fetched side by side per round. */
const BATCH_SIZE = 8;
/** A claim older than this belongs to a worker that died; another takes the bookmark over. */
const CLAIM_LEASE_MS = 60_000;
/** Fetches per bookmark before it is given up (a failure is retried once the lease ran out). */
const MAX_ATTEMPTS = 3;
/** How often an idle worker looks for work other replicas queued (its own creates wake it at once). */
const IDLE_POLL_MS = 2_000;

/**
 * Fetches the page metadata of new bookmarks in the background when BOOKMARK_FETCH_METADATA is on. The
 * queue is the bookmarks table itself (metadata_state = 'pending'), so pending fetches survive restarts and
 * replicas share them through FOR UPDATE SKIP LOCKED.
 */
@Injectable()
export class BookmarkMetadataWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BookmarkMetadata');
  private running?: Promise<void>;
  private stopped = false;
  private wakeUp?: () => void;
  /** A wake that came while a round ran: the next idle ends at once. */
  private woken = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly bookmarks: BookmarkRepository,
    private readonly fetcher: PageMetadataFetcher,
    private readonly applyMetadata: ApplyPageMetadataUseCase,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.content.metadataFetch.enabled) this.running = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.running;
  }

  /** Looks for work now instead of at the next poll (a bookmark was just queued). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let claims: MetadataClaim[] = [];
      try {
        claims = await this.bookmarks.claimPendingMetadata(BATCH_SIZE, CLAIM_LEASE_MS);
        await Promise.all(claims.map((claim) => this.fetchOne(claim)));
      } catch (error) {
        this.logger.warn(`metadata round failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (claims.length === 0) await this.idle();
    }
  }

  private idle(): Promise<void> {
    if (this.woken || this.stopped) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        this.woken = false;
        this.wakeUp = undefined;
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, IDLE_POLL_MS);
      this.wakeUp = done;
    });
  }

  private async fetchOne(claim: MetadataClaim): Promise<void> {
    let metadata;
    try {
      metadata = await this.fetcher.fetch(claim.url);
    } catch (error) {
      const reason = error instanceof PageFetchError ? error.reason : 'fetch failed';
      await this.applyMetadata.recordFailure(claim, reason, claim.attempts >= MAX_ATTEMPTS);
      return;
    }
    await this.applyMetadata.execute(claim, metadata);
  }
}
