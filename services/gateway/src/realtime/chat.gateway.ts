import { type BeforeApplicationShutdown, Inject, Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { clientEvents } from '@tracera/contracts';
import { LifecycleState } from '@tracera/observability';
import { withDeadline } from '@tracera/redis';
import { ChatSendService, type MessageSendAck } from './chat-send.service';
import { ConversationResync, type ResyncAck } from './conversation-resync';
import { type PresencePingAck, PresenceService } from './presence/presence.service';
import { PresenceNotifier } from './presence/presence-notifier';
import { RoomMembership } from './room-membership';
import { type SocketAck } from './socket-acks';
import { SocketHandshake } from './socket-handshake';
import { SocketRooms } from './socket-rooms';
import { type ChatServer, type ChatSocket, type SocketSession } from './socket-session';
import { TypingRelay } from './typing-relay';

/**
 * The Socket.IO endpoint (path, transport, origin and Redis adapter: SocketIoAdapter). Handlers stay thin:
 * each event's work is in its own service, and each answers through the acknowledgement.
 */
@WebSocketGateway()
export class ChatGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, BeforeApplicationShutdown
{
  private readonly logger = new Logger(ChatGateway.name);
  private server?: ChatServer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly lifecycle: LifecycleState,
    private readonly handshake: SocketHandshake,
    private readonly membership: RoomMembership,
    private readonly socketRooms: SocketRooms,
    private readonly notifier: PresenceNotifier,
    private readonly presence: PresenceService,
    private readonly chat: ChatSendService,
    private readonly typingRelay: TypingRelay,
    private readonly resyncs: ConversationResync,
  ) {}

  afterInit(server: ChatServer): void {
    this.server = server;
    // Refused sockets get `connect_error` with the refusal as its message (`unauthorized`, `unavailable`).
    server.use((socket, next) => {
      this.handshake.admit(socket).then(
        () => next(),
        (error: Error) => next(error),
      );
    });
    this.socketRooms.attach(server);
    this.notifier.attach(server);
  }

  handleConnection(socket: ChatSocket): void {
    const { principal, conversationIds } = socket.data;
    if (!principal || !conversationIds) return;
    const session: SocketSession = { principal, conversationIds };
    // Joined in this same tick, before the client can see it is connected.
    this.membership.joinAtConnect(socket, session);
    this.membership.reconcile(socket, session).catch((error: Error) => {
      // Without the second read the socket may sit in a room it was just removed from: drop the
      // connection (not the session), and the client reconnects through a fresh handshake.
      this.logger.warn(`socket ${socket.id} rooms not confirmed, reconnecting it: ${error.message}`);
      socket.conn.close();
    });
  }

  handleDisconnect(socket: ChatSocket): void {
    this.presence.disconnected(socket);
  }

  @SubscribeMessage(clientEvents.messageSend)
  send(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown): Promise<MessageSendAck> {
    return this.chat.send(socket, payload);
  }

  @SubscribeMessage(clientEvents.typing)
  typing(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown): SocketAck {
    return this.typingRelay.relay(socket, payload);
  }

  @SubscribeMessage(clientEvents.resync)
  resync(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown): Promise<ResyncAck> {
    return this.resyncs.resync(socket, payload);
  }

  @SubscribeMessage(clientEvents.presencePing)
  presencePing(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
  ): Promise<PresencePingAck> {
    return this.presence.ping(socket, payload);
  }

  /**
   * Before the server closes: stop taking sockets, close this node's connections at the transport (clients
   * see `transport close` and reconnect, reaching another replica; a server-side `disconnect` would tell
   * them not to), and record their presence as gone instead of leaving it to expire.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.lifecycle.beginDraining();
    if (!this.server) return;
    for (const socket of this.server.of('/').sockets.values()) {
      this.presence.disconnected(socket);
      socket.conn.close();
    }
    await withDeadline(this.presence.drain(), this.config.shutdownTimeoutMs / 2, 'presence drain').catch(
      (error: Error) => this.logger.warn(error.message),
    );
  }
}
