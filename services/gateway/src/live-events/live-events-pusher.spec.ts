import { randomUUID } from 'node:crypto';
import { type RoomEvent } from '@tracera/contracts';
import { type Server } from 'socket.io';
import { SocketRooms } from '../realtime/socket-rooms';
import { LiveEventsPusher } from './live-events-pusher';

/** SocketRooms that records what it was asked to do, in order, instead of reaching sockets. */
class RecordingRooms extends SocketRooms {
  readonly calls: string[] = [];

  override emitToConversation(conversationId: string, event: string): void {
    this.calls.push(`emit ${event} to conversation:${conversationId}`);
  }

  override emitToUser(userId: string, event: string): void {
    this.calls.push(`emit ${event} to user:${userId}`);
  }

  override joinConversation(userId: string, conversationId: string): void {
    this.calls.push(`join user:${userId} to conversation:${conversationId}`);
  }

  override leaveConversation(userId: string, conversationId: string): void {
    this.calls.push(`leave user:${userId} from conversation:${conversationId}`);
  }

  override disconnectSessions(sessionIds: readonly string[], reason: string): void {
    this.calls.push(`disconnect ${sessionIds.join(',')} (${reason})`);
  }
}

const conversationId = randomUUID();
const userId = randomUUID();
const base = { conversationId, seq: 4, at: new Date().toISOString(), actorId: randomUUID() };

describe('LiveEventsPusher', () => {
  let rooms: RecordingRooms;
  let pusher: LiveEventsPusher;

  beforeEach(() => {
    rooms = new RecordingRooms();
    rooms.attach({} as Server);
    pusher = new LiveEventsPusher(rooms);
  });

  it('refuses to push before the Socket.IO server is up, so the event stays pending and is retried', () => {
    const early = new RecordingRooms();
    expect(() =>
      new LiveEventsPusher(early).pushRoomEvent({ ...base, type: 'message:created' } as unknown as RoomEvent),
    ).toThrow(/not up yet/);
    expect(early.calls).toEqual([]);
  });

  it('joins a new member before pushing member:added, so their sockets receive it', () => {
    pusher.pushRoomEvent({ ...base, type: 'member:added', member: { userId } } as unknown as RoomEvent);
    expect(rooms.calls).toEqual([
      `join user:${userId} to conversation:${conversationId}`,
      `emit member:added to conversation:${conversationId}`,
    ]);
  });

  it('pushes member:removed to the room before the removed member leaves it, so they learn of it', () => {
    pusher.pushRoomEvent({ ...base, type: 'member:removed', userId } as unknown as RoomEvent);
    expect(rooms.calls).toEqual([
      `emit member:removed to conversation:${conversationId}`,
      `leave user:${userId} from conversation:${conversationId}`,
    ]);
  });

  it('pushes any other room event to the room under its type', () => {
    pusher.pushRoomEvent({ ...base, type: 'message:created' } as unknown as RoomEvent);
    expect(rooms.calls).toEqual([`emit message:created to conversation:${conversationId}`]);
  });

  it('pushes a notification to the user and ends revoked sessions', () => {
    pusher.pushNotification({ userId, notification: {} as never });
    pusher.endSessions({ userId, sessionIds: ['s1', 's2'], reason: 'revoked' });
    expect(rooms.calls).toEqual([`emit notification to user:${userId}`, 'disconnect s1,s2 (revoked)']);
  });
});
