import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  analyticsEvent,
  authEvent,
  type EventData,
  messagingEvent,
  type RoomEvent,
} from '@tracera/contracts';
import { LiveEventsPusher } from './live-events-pusher';

/** The domain events that carry room events (their data is the room event itself). */
const ROOM_EVENT_TYPES = messagingEvent.roomEventContracts.map((contract) => contract.type);

/** Every event the gateway consumes to push to sockets; the service definition declares them. */
export const LIVE_EVENT_TYPES: readonly string[] = [
  ...ROOM_EVENT_TYPES,
  messagingEvent.notificationCreated.type,
  authEvent.sessionRevoked.type,
  authEvent.userDisabled.type,
  analyticsEvent.challengeCompleted.type,
];

/** Consumes the live events (data already checked against their contracts by the transport). */
@Controller()
export class LiveEventsController {
  constructor(private readonly pusher: LiveEventsPusher) {}

  @EventPattern(ROOM_EVENT_TYPES)
  roomEvent(@Payload() event: RoomEvent): void {
    this.pusher.pushRoomEvent(event);
  }

  @EventPattern(messagingEvent.notificationCreated.type)
  notificationCreated(@Payload() data: EventData<typeof messagingEvent.notificationCreated>): void {
    this.pusher.pushNotification(data);
  }

  @EventPattern(authEvent.sessionRevoked.type)
  sessionRevoked(@Payload() data: EventData<typeof authEvent.sessionRevoked>): void {
    this.pusher.endSessions(data);
  }

  @EventPattern(analyticsEvent.challengeCompleted.type)
  challengeCompleted(@Payload() data: EventData<typeof analyticsEvent.challengeCompleted>): void {
    this.pusher.pushChallengeCompleted(data);
  }

  @EventPattern(authEvent.userDisabled.type)
  userDisabled(@Payload() data: EventData<typeof authEvent.userDisabled>): void {
    this.pusher.endUser(data);
  }
}
