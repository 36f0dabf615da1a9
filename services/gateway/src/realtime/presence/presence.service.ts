import { Injectable, Logger } from '@nestjs/common';
import { type PresenceStatus, presencePingPayload } from '@tracera/contracts';
import { errorAck, invalidPayloadAck, type SocketAck } from '../socket-acks';
import { type ChatSocket, socketPrincipal } from '../socket-session';
import { PresenceNotifier } from './presence-notifier';
import { type PresenceChange, PresenceStore, type SocketPresenceMode } from './presence-store';

export type PresencePingAck = SocketAck<{ status: PresenceStatus; ttlMs: number }>;

/** Most due users one sweep reads at a time, and most reads per sweep (the next sweep takes the rest). */
const SWEEP_BATCH = 200;
const SWEEP_MAX_BATCHES = 10;

/**
 * Online, away and offline per user, from per-socket heartbeats in core Redis (see PresenceStore), and the
 * announcement of every change. Socket lifecycle work runs in the background; shutdown waits for it so a
 * stopping node marks its users' sockets gone instead of leaving them to expire.
 */
@Injectable()
export class PresenceService {
  private readonly logger = new Logger(PresenceService.name);
  private readonly pending = new Set<Promise<void>>();
  /** Sockets already taken out (at shutdown, before their transport closes): their later disconnect is a no-op. */
  private readonly gone = new WeakSet<ChatSocket>();

  constructor(
    private readonly store: PresenceStore,
    private readonly notifier: PresenceNotifier,
  ) {}

  get ttlMs(): number {
    return this.store.ttlMs;
  }

  /**
   * A socket is being admitted: it counts as online from now until its heartbeat expires. Awaited by the
   * handshake, so a connected client is already counted; never fails it (presence is lossy).
   */
  async arrived(socket: ChatSocket, conversationIds: readonly string[]): Promise<void> {
    const { userId } = socketPrincipal(socket);
    const work = this.store
      .beat(userId, socket.id, 'online')
      .then((change) => this.announce(userId, change, conversationIds));
    this.track(work, 'connect');
    await work.catch(() => undefined);
  }

  disconnected(socket: ChatSocket): void {
    const principal = socket.data.principal;
    if (!principal || this.gone.has(socket)) return;
    this.gone.add(socket);
    this.track(
      this.store.leave(principal.userId, socket.id).then((change) => this.announce(principal.userId, change)),
      'disconnect',
    );
  }

  /** `presence:ping {status?}`: the socket's heartbeat, saying online (default) or away. */
  async ping(socket: ChatSocket, payload: unknown): Promise<PresencePingAck> {
    const parsed = presencePingPayload.safeParse(payload ?? {});
    if (!parsed.success) return invalidPayloadAck(parsed.error);
    const { userId } = socketPrincipal(socket);
    const mode: SocketPresenceMode = parsed.data.status ?? 'online';
    try {
      const change = await this.store.beat(userId, socket.id, mode);
      await this.announce(userId, change);
      return { ok: true, status: change.status, ttlMs: this.store.ttlMs };
    } catch (error) {
      return errorAck(error, this.logger, 'presence:ping');
    }
  }

  /** `GET /presence`: each user's current status, in the order asked. */
  async list(userIds: readonly string[]): Promise<{ items: { userId: string; status: PresenceStatus }[] }> {
    const statuses = await this.store.statuses(userIds);
    return { items: userIds.map((userId) => ({ userId, status: statuses.get(userId) ?? 'offline' })) };
  }

  /**
   * Re-evaluates every user whose earliest heartbeat ran out (a socket that stopped pinging, or one of a
   * node that died) and announces what changed. Every node sweeps; the store lets one of them see a change.
   */
  async sweep(): Promise<void> {
    for (let batch = 0; batch < SWEEP_MAX_BATCHES; batch += 1) {
      const due = await this.store.due(SWEEP_BATCH);
      for (const { userId, score } of due) {
        const change = await this.store.sweep(userId);
        if (change.status === 'offline') await this.store.forget(userId, score);
        await this.announce(userId, change);
      }
      if (due.length < SWEEP_BATCH) return;
    }
  }

  /** Waits for the socket work under way (bounded by the caller's deadline). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private async announce(userId: string, change: PresenceChange, conversationIds?: readonly string[]) {
    if (change.changed) await this.notifier.announce(userId, change.status, conversationIds);
  }

  private track(work: Promise<void>, what: string): void {
    const tracked = work.catch((error: unknown) => {
      // Lossy by design: an unrecorded heartbeat is corrected by the next ping or by expiry.
      this.logger.warn(`presence not updated on ${what}: ${(error as Error).message}`);
    });
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
}
