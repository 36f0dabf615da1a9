import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { type MessageView, messageSendPayload, messagingRpc } from '@tracera/contracts';
import { TokenBucket } from '@tracera/rate-limit';
import { RedisStreamsClient } from '@tracera/streams';
import { errorAck, forbiddenAck, invalidPayloadAck, rateLimitedAck, type SocketAck } from './socket-acks';
import { canWrite, type ChatSocket, socketPrincipal } from './socket-session';

export type MessageSendAck = SocketAck<{ message: MessageView; created: boolean }>;

/**
 * `message:send`: checks the payload, spends one token of the socket's send budget (SOCKET_SEND_RATE, a
 * token bucket per socket on its node) and posts through the messaging service, whose answer is the
 * acknowledgement. The clientId makes a retried send return the first message (`created: false`).
 */
@Injectable()
export class ChatSendService {
  private readonly logger = new Logger(ChatSendService.name);
  private readonly buckets = new WeakMap<ChatSocket, TokenBucket>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rpc: RedisStreamsClient,
  ) {}

  async send(socket: ChatSocket, payload: unknown): Promise<MessageSendAck> {
    const parsed = messageSendPayload.safeParse(payload);
    if (!parsed.success) return invalidPayloadAck(parsed.error);
    const principal = socketPrincipal(socket);
    if (!canWrite(principal)) return forbiddenAck('This API token lacks the "write" scope sending needs.');
    const decision = this.bucketOf(socket).take();
    if (!decision.allowed) {
      const { limit, windowMs } = this.config.realtime.socketSendLimit;
      return rateLimitedAck(
        `Too many messages from this connection (at most ${limit} per ${windowMs / 1000} s); ` +
          `try again in ${decision.retryAfterMs} ms.`,
        decision.retryAfterMs,
      );
    }
    try {
      const { message, created } = await this.rpc.call(
        messagingRpc.sendMessage,
        { ...parsed.data, userId: principal.userId },
        { actor: principal.userId },
      );
      return { ok: true, message, created };
    } catch (error) {
      return errorAck(error, this.logger, 'message:send');
    }
  }

  private bucketOf(socket: ChatSocket): TokenBucket {
    let bucket = this.buckets.get(socket);
    if (!bucket) {
      const { limit, windowMs } = this.config.realtime.socketSendLimit;
      bucket = new TokenBucket(limit, windowMs);
      this.buckets.set(socket, bucket);
    }
    return bucket;
  }
}
