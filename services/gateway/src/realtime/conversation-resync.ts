import { Injectable, Logger } from '@nestjs/common';
import { messagingRpc, resyncPayload, type RoomEvent } from '@tracera/contracts';
import { RedisStreamsClient } from '@tracera/streams';
import { errorAck, invalidPayloadAck, type SocketAck } from './socket-acks';
import { type ChatSocket, socketPrincipal } from './socket-session';

export type ResyncAck = SocketAck<{ events: RoomEvent[]; hasMore: boolean; lastSeq: number }>;

/** `resync`: the stored room events after `afterSeq`, for a client that saw a gap or reconnected. */
@Injectable()
export class ConversationResync {
  private readonly logger = new Logger(ConversationResync.name);

  constructor(private readonly rpc: RedisStreamsClient) {}

  async resync(socket: ChatSocket, payload: unknown): Promise<ResyncAck> {
    const parsed = resyncPayload.safeParse(payload);
    if (!parsed.success) return invalidPayloadAck(parsed.error);
    const { userId } = socketPrincipal(socket);
    try {
      const page = await this.rpc.call(
        messagingRpc.conversationEvents,
        {
          ...parsed.data,
          userId,
          // Filled in as the contract's default, which the typed call expects to be present.
          limit: messagingRpc.conversationEvents.request.shape.limit.parse(parsed.data.limit),
        },
        { actor: userId },
      );
      return { ok: true, ...page };
    } catch (error) {
      return errorAck(error, this.logger, 'resync');
    }
  }
}
