import { randomUUID } from 'node:crypto';
import {
  clientEvents,
  type MessageView,
  type NotificationView,
  type PresenceStatus,
  type RoomEvent,
  roomEventDomainType,
  RoomTimeline,
  serverEvents,
  type SocketProblem,
} from '@tracera/contracts';
import { waitFor } from '@tracera/testing';
import { io, type Socket } from 'socket.io-client';

/** Every socket event that carries a room event (the event name is the room event's `type`). */
export const ROOM_EVENT_NAMES = Object.keys(roomEventDomainType) as RoomEvent['type'][];

export type Ack<T> = ({ ok: true } & T) | { ok: false; error: SocketProblem };
export type SendAck = Ack<{ message: MessageView; created: boolean }>;
export type ResyncAck = Ack<{ events: RoomEvent[]; hasMore: boolean; lastSeq: number }>;

export interface TypingPush {
  conversationId: string;
  userId: string;
  typing: boolean;
}
export interface PresencePush {
  userId: string;
  status: PresenceStatus;
}

export interface ChatClientOptions {
  /**
   * Gateway origins. The client connects to the first; when the connection drops it tries the others in
   * turn, as a load balancer would send it to whichever replica answers.
   */
  urls: string[];
  /** A session or API token, sent as `auth.token` in the handshake. */
  token: string;
  /** The user's id, to notice its own removal from a conversation. */
  userId: string;
  /** Labels failures. */
  name?: string;
  /** Reconnect after a dropped connection (default true). A server-side disconnect is final, as in socket.io. */
  reconnect?: boolean;
  /** Send `presence:ping` this often (default: never, so the user's presence follows the socket only). */
  pingEveryMs?: number;
  /** Conversations to resync on every (re)connect besides those the client has seen events of. */
  conversations?: string[];
  /** Acknowledgement timeout of each request. */
  ackTimeoutMs?: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A chat client on socket.io-client as an app would write one: it shows every room event once and in seq
 * order through a {@link RoomTimeline}, resyncs a conversation when it sees a gap, and resyncs everything it
 * follows after each (re)connect. It records what the server pushed, raw, so tests can check delivery
 * itself (exactly once, in order, never to a non-member) apart from what resync repaired.
 */
export class ChatClient {
  /** Every room event as pushed, duplicates included, in arrival order. */
  readonly pushed: RoomEvent[] = [];
  /** Every room event the timeline applied (pushed or resynced): once each, per conversation in seq order. */
  readonly applied: RoomEvent[] = [];
  readonly typing: TypingPush[] = [];
  readonly presence: PresencePush[] = [];
  readonly notifications: NotificationView[] = [];
  readonly revoked: { reason: string }[] = [];
  /** Disconnect reasons, in order. */
  readonly disconnects: string[] = [];
  /** The origin of every connection made, in order. */
  readonly connections: string[] = [];
  /** Resyncs answered with an error (e.g. not a member any more). */
  readonly resyncErrors: { conversationId: string; error: SocketProblem }[] = [];
  /** Completed resync requests (pages). */
  resyncCount = 0;
  /** Why a (re)connect was last refused (`unauthorized`, `unavailable`…). */
  lastConnectError?: string;

  readonly timeline = new RoomTimeline<RoomEvent>((event) => this.onApplied(event));
  private socket?: Socket;
  private urlIndex = 0;
  private closed = false;
  private reconnecting?: Promise<void>;
  private pingTimer?: NodeJS.Timeout;
  private presenceStatus: 'online' | 'away' = 'online';
  private readonly followed = new Set<string>();
  private readonly left = new Set<string>();
  private readonly resyncs = new Map<string, Promise<void>>();
  private readonly resyncAgain = new Set<string>();

  private constructor(readonly options: ChatClientOptions) {
    for (const id of options.conversations ?? []) this.followed.add(id);
  }

  /** Connects to the first origin (rejects with the refusal message, e.g. `unauthorized`). */
  static async connect(options: ChatClientOptions): Promise<ChatClient> {
    const client = new ChatClient(options);
    await client.open(0);
    if (options.pingEveryMs) {
      client.pingTimer = setInterval(() => {
        if (client.socket?.connected)
          client.socket.emit(clientEvents.presencePing, { status: client.presenceStatus }, () => undefined);
      }, options.pingEveryMs);
    }
    return client;
  }

  get name(): string {
    return this.options.name ?? this.options.userId;
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  /** The origin of the current (or last) connection. */
  get url(): string {
    return this.options.urls[this.urlIndex];
  }

  /** Also resync this conversation on every (re)connect. */
  follow(conversationId: string): void {
    this.followed.add(conversationId);
  }

  /** The messages the client shows, in seq order (from applied `message:created` events). */
  messages(conversationId: string): MessageView[] {
    return this.applied
      .filter((e) => e.type === 'message:created' && e.conversationId === conversationId)
      .map((e) => (e as Extract<RoomEvent, { type: 'message:created' }>).message);
  }

  /** `message:created` pushes of the conversation as they arrived (duplicates included). */
  pushedMessages(conversationId: string): MessageView[] {
    return this.pushed
      .filter((e) => e.type === 'message:created' && e.conversationId === conversationId)
      .map((e) => (e as Extract<RoomEvent, { type: 'message:created' }>).message);
  }

  /** Every event, of any kind, the server pushed about the conversation. */
  everythingAbout(conversationId: string): unknown[] {
    return [
      ...this.pushed.filter((e) => e.conversationId === conversationId),
      ...this.typing.filter((e) => e.conversationId === conversationId),
      ...this.notifications.filter((e) => e.conversationId === conversationId),
    ];
  }

  /** Sends over the socket; `clientId` makes a retry safe. */
  send(conversationId: string, body: string, clientId: string = randomUUID()): Promise<SendAck> {
    return this.request<SendAck>(clientEvents.messageSend, { conversationId, body, clientId });
  }

  /**
   * Sends until the message is stored, retrying with the same clientId through drops, refusals and
   * outages (a retry of a stored message answers the first one), as a client with an outbox would.
   */
  async sendReliably(conversationId: string, body: string, timeoutMs = 60_000): Promise<MessageView> {
    const clientId = randomUUID();
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        const ack = await this.send(conversationId, body, clientId);
        if (ack.ok) return ack.message;
        last = ack.error;
        // A refusal on its merits (bad input, not a member) will not change by retrying.
        if (ack.error.status < 500 && ack.error.status !== 429) break;
      } catch (error) {
        last = error;
      }
      await sleep(200);
    }
    throw new Error(`${this.name}: could not send "${body}": ${JSON.stringify(last)}`);
  }

  typingIn(conversationId: string, typing = true): Promise<Ack<object>> {
    return this.request(clientEvents.typing, { conversationId, typing });
  }

  /** The status the periodic (and this immediate) `presence:ping` reports. */
  async ping(status: 'online' | 'away' = this.presenceStatus): Promise<Ack<object>> {
    this.presenceStatus = status;
    return this.request(clientEvents.presencePing, { status });
  }

  /** An event with an acknowledgement; rejects when none comes in time (e.g. disconnected). */
  async request<T = Ack<object>>(event: string, ...args: unknown[]): Promise<T> {
    const socket = this.socket;
    if (!socket?.connected) throw new Error(`${this.name}: not connected`);
    return (await socket.timeout(this.options.ackTimeoutMs ?? 10_000).emitWithAck(event, ...args)) as T;
  }

  /** An event without an acknowledgement callback (fire and forget). */
  emit(event: string, ...args: unknown[]): void {
    if (!this.socket?.connected) throw new Error(`${this.name}: not connected`);
    this.socket.emit(event, ...args);
  }

  /** Fetches what the conversation's log has after the client's position, page by page, and merges it. */
  resync(conversationId: string): Promise<void> {
    const running = this.resyncs.get(conversationId);
    if (running) {
      // Whatever arrived during the running one might need a later position: go again after it.
      this.resyncAgain.add(conversationId);
      return running;
    }
    const run = this.resyncPages(conversationId).finally(() => {
      this.resyncs.delete(conversationId);
      if (this.resyncAgain.delete(conversationId)) void this.resync(conversationId).catch(() => undefined);
    });
    this.resyncs.set(conversationId, run);
    return run;
  }

  /** Resyncs every conversation the client follows or has seen (not those it left). */
  async resyncAll(): Promise<void> {
    const ids = new Set([...this.followed, ...this.timeline.positions().keys()]);
    await Promise.all([...ids].filter((id) => !this.left.has(id)).map((id) => this.resync(id)));
  }

  /** Polls until `check` holds, failing with this client's state. */
  async waitUntil(check: () => boolean, description: string, timeoutMs = 30_000): Promise<void> {
    await waitFor(check, {
      timeoutMs,
      description: `${this.name}: ${description}`,
      diagnostics: () => this.describe(),
    });
  }

  /** Waits until the client shows at least `count` messages of the conversation; returns them. */
  async waitForMessages(conversationId: string, count: number, timeoutMs = 30_000): Promise<MessageView[]> {
    await this.waitUntil(
      () => this.messages(conversationId).length >= count,
      `${count} messages in ${conversationId} (has ${this.messages(conversationId).length})`,
      timeoutMs,
    );
    return this.messages(conversationId);
  }

  describe(): string {
    const positions = JSON.stringify(Object.fromEntries(this.timeline.positions()));
    return (
      `${this.name} on ${this.url}: connected=${this.connected} connections=${JSON.stringify(this.connections)} ` +
      `disconnects=${JSON.stringify(this.disconnects)} positions=${positions} pushed=${this.pushed.length} ` +
      `applied=${this.applied.length} resyncs=${this.resyncCount} resyncErrors=${JSON.stringify(this.resyncErrors)} ` +
      `lastConnectError=${this.lastConnectError ?? '-'}`
    );
  }

  close(): void {
    this.closed = true;
    clearInterval(this.pingTimer);
    this.socket?.disconnect();
  }

  private async resyncPages(conversationId: string): Promise<void> {
    for (;;) {
      let ack: ResyncAck;
      try {
        ack = await this.request<ResyncAck>(clientEvents.resync, {
          conversationId,
          afterSeq: this.timeline.lastSeq(conversationId),
        });
      } catch {
        // Disconnected or no answer: the next connect resyncs everything again.
        return;
      }
      this.resyncCount += 1;
      if (!ack.ok) {
        this.resyncErrors.push({ conversationId, error: ack.error });
        return;
      }
      this.timeline.merge(conversationId, ack.events);
      if (!ack.hasMore || ack.events.length === 0) return;
    }
  }

  private onApplied(event: RoomEvent): void {
    this.applied.push(event);
    if (event.type === 'member:removed' && event.userId === this.options.userId) {
      this.left.add(event.conversationId);
    }
    if (event.type === 'member:added' && event.member.userId === this.options.userId) {
      this.left.delete(event.conversationId);
    }
  }

  private onRoomEvent(event: RoomEvent): void {
    this.pushed.push(event);
    if (this.timeline.accept(event) === 'gap') void this.resync(event.conversationId);
  }

  /** Connects to `urls[index]`, with every listener in place before the first packet can arrive. */
  private async open(index: number): Promise<void> {
    const url = this.options.urls[index];
    const socket = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: this.options.token },
      reconnection: false,
      forceNew: true,
      autoConnect: false,
      timeout: 5000,
    });
    for (const name of ROOM_EVENT_NAMES) socket.on(name, (event: RoomEvent) => this.onRoomEvent(event));
    socket.on(serverEvents.typing, (event: TypingPush) => this.typing.push(event));
    socket.on(serverEvents.presence, (event: PresencePush) => this.presence.push(event));
    socket.on(serverEvents.notification, (event: { notification: NotificationView }) =>
      this.notifications.push(event.notification),
    );
    socket.on(serverEvents.sessionRevoked, (event: { reason: string }) => this.revoked.push(event));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => {
        socket.off('connect_error');
        resolve();
      });
      socket.once('connect_error', (error: Error) => {
        socket.off('connect');
        socket.disconnect();
        this.lastConnectError = error.message;
        reject(error);
      });
      socket.connect();
    });
    this.socket = socket;
    this.urlIndex = index;
    this.connections.push(url);
    socket.on('disconnect', (reason) => this.onDisconnect(socket, reason));
    void this.resyncAll();
  }

  private onDisconnect(socket: Socket, reason: Socket.DisconnectReason): void {
    this.disconnects.push(reason);
    if (this.closed || socket !== this.socket) return;
    // A server-side disconnect (session revoked) is final; a client must sign in again.
    if (reason === 'io client disconnect' || reason === 'io server disconnect') return;
    if (this.options.reconnect === false) return;
    this.reconnecting ??= this.reconnectLoop().finally(() => (this.reconnecting = undefined));
  }

  private async reconnectLoop(): Promise<void> {
    let index = this.urlIndex;
    while (!this.closed) {
      // The next replica first: the one that dropped us is likely gone.
      index = (index + 1) % this.options.urls.length;
      try {
        await this.open(index);
        return;
      } catch (error) {
        if (error instanceof Error && error.message === 'unauthorized') return;
        await sleep(250);
      }
    }
  }
}
