import { type Principal } from '@tracera/contracts';
import { type DefaultEventsMap, type Server, type Socket } from 'socket.io';

/** What the handshake established about a socket, kept on `socket.data` for its whole life. */
export interface SocketSession {
  principal: Principal;
  /** The conversations the user was a member of at the handshake; joined as soon as the socket connects. */
  conversationIds: string[];
}

export type ChatSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, Partial<SocketSession>>;
export type ChatServer = Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, Partial<SocketSession>>;

/** The principal of an admitted socket; the handshake middleware refuses every socket without one. */
export function socketPrincipal(socket: ChatSocket): Principal {
  const principal = socket.data.principal;
  if (!principal)
    throw new Error(`socket ${socket.id} has no principal: the handshake middleware did not run`);
  return principal;
}

/** Sessions may do everything; a personal API token needs the `write` scope to send or type. */
export function canWrite(principal: Principal): boolean {
  return principal.tokenId === undefined || (principal.scopes?.includes('write') ?? false);
}

/** A personal API token needs the `read` scope to receive anything. */
export function canRead(principal: Principal): boolean {
  return principal.tokenId === undefined || (principal.scopes?.includes('read') ?? false);
}
