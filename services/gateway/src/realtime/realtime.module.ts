import { Module } from '@nestjs/common';
import { ChatGateway } from './chat.gateway';
import { ChatSendService } from './chat-send.service';
import { ConversationResync } from './conversation-resync';
import { PresenceController } from './presence/presence.controller';
import { PresenceNotifier } from './presence/presence-notifier';
import { PresenceStore } from './presence/presence-store';
import { PresenceSweeper } from './presence/presence-sweeper';
import { PresenceService } from './presence/presence.service';
import { RoomMembership } from './room-membership';
import { SocketAuthenticator } from './socket-authenticator';
import { SocketHandshake } from './socket-handshake';
import { SocketRooms } from './socket-rooms';
import { TypingRelay } from './typing-relay';

/**
 * The Socket.IO endpoint: authenticated handshake, server-side rooms, chat over the socket, typing and
 * presence (plus `GET /presence`). The server itself is set up by SocketIoAdapter, which
 * `configureGatewayHttp` installs.
 */
@Module({
  controllers: [PresenceController],
  providers: [
    SocketRooms,
    ChatGateway,
    SocketAuthenticator,
    SocketHandshake,
    RoomMembership,
    ChatSendService,
    TypingRelay,
    ConversationResync,
    PresenceStore,
    PresenceNotifier,
    PresenceService,
    PresenceSweeper,
  ],
  exports: [SocketRooms],
})
export class RealtimeModule {}
