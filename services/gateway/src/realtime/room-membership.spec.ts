import { type RedisStreamsClient } from '@tracera/streams';
import { RoomMembership } from './room-membership';
import { type ChatSocket, type SocketSession } from './socket-session';

/** A socket that records what it was put in and taken out of. */
function recordingSocket(connected = true) {
  const rooms = new Set<string>();
  const socket = {
    connected,
    join: (room: string | string[]) => (Array.isArray(room) ? room : [room]).forEach((r) => rooms.add(r)),
    leave: (room: string) => rooms.delete(room),
  };
  return { socket: socket as unknown as ChatSocket, rooms };
}

/** The messaging service's answers to `conversation.rooms`, one per call. */
function membershipAnswering(...answers: string[][]) {
  const rpc = { call: () => Promise.resolve({ conversationIds: answers.shift() ?? [] }) };
  return new RoomMembership(rpc as unknown as RedisStreamsClient);
}

const session = (conversationIds: string[], sessionId?: string): SocketSession => ({
  principal: { userId: 'u1', role: 'user', ...(sessionId ? { sessionId } : {}) },
  conversationIds,
});

describe('RoomMembership', () => {
  it('joins the user, the session and the handshake’s conversations at connect', () => {
    const { socket, rooms } = recordingSocket();
    membershipAnswering().joinAtConnect(socket, session(['a', 'b'], 's1'));
    expect([...rooms].sort()).toEqual(['conversation:a', 'conversation:b', 'session:s1', 'user:u1']);
  });

  it('applies what changed while the handshake was in flight: joins additions, leaves removals', async () => {
    const { socket, rooms } = recordingSocket();
    const membership = membershipAnswering(['b', 'c']);
    const joined = session(['a', 'b']);
    membership.joinAtConnect(socket, joined);
    expect(await membership.reconcile(socket, joined)).toEqual(['b', 'c']);
    expect([...rooms].sort()).toEqual(['conversation:b', 'conversation:c', 'user:u1']);
  });

  it('leaves a disconnected socket alone', async () => {
    const { socket, rooms } = recordingSocket(false);
    await membershipAnswering(['c']).reconcile(socket, session(['a']));
    expect([...rooms]).toEqual([]);
  });
});
