import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { type ConversationView, type MessageView } from '@tracera/contracts';
import { waitFor } from '@tracera/testing';
import { ApiClient } from '../../../services/gateway/test/system/api-client';
import { type ChatClient } from '../../../services/gateway/test/system/chat-client';
import {
  type ChatUser,
  connectAs,
  createGroup,
  storedMessages,
  untilLive,
} from '../../../services/gateway/test/system/chat-stack';

/** One person the smoke flow created, with what it takes to act as them again later. */
export interface SmokePerson {
  id: string;
  email: string;
  username: string;
  password: string;
  role: 'admin' | 'user';
  /** The session token of the flow's sign-in (also the socket credential). */
  token: string;
}

/** Everything the smoke flow created, so a caller can check it again (after a restore, a restart…). */
export interface SmokeResult {
  gatewayUrls: string[];
  people: [SmokePerson, SmokePerson];
  bookmark: { id: string; url: string; title: string; tag: string };
  note: { id: string; title: string };
  task: { id: string; title: string };
  /** A word only this run's bookmark holds: searching for it finds exactly that bookmark. */
  searchTerm: string;
  conversationId: string;
  /** The message person 1 sent and person 2 got pushed live. */
  message: { id: string; body: string; seq: number };
  /** Milliseconds each step took, for the docs' "what was measured". */
  timings: Record<string, number>;
}

export interface SmokeOptions {
  /** Bound of the wait for the search read model to index the bookmark (default 30 s). */
  searchTimeoutMs?: number;
  /** Bound of the wait for the live push to person 2 (default 15 s). */
  liveTimeoutMs?: number;
}

interface UserBody {
  user: { id: string; email: string; username: string; role: 'admin' | 'user' };
  token: string;
}

interface SearchBody {
  items: { type: string; id: string; title: string }[];
}

function randomWord(length: number): string {
  // Letters only, so full-text parsing keeps it as one plain word.
  return Array.from({ length }, () => String.fromCharCode(97 + randomInt(26))).join('');
}

function expectStatus(response: { status: number; text: string }, status: number, what: string): void {
  if (response.status !== status) {
    throw new Error(`${what} answered ${response.status} (expected ${status}): ${response.text}`);
  }
}

async function timed<T>(timings: Record<string, number>, step: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await run();
  } finally {
    timings[step] = Date.now() - started;
  }
}

/** Signs in with the password (a new session) through `gatewayUrl`; the client carries the cookie. */
export async function signIn(
  gatewayUrl: string,
  person: Pick<SmokePerson, 'username' | 'password'>,
): Promise<{ api: ApiClient; body: UserBody }> {
  const api = new ApiClient(gatewayUrl);
  const response = await api.post<UserBody>('/auth/login', {
    body: { login: person.username, password: person.password },
  });
  expectStatus(response, 200, `login of ${person.username}`);
  return { api, body: response.body };
}

/**
 * Registers a person. When sign-ups are closed (403) the admin creates the account instead, as an
 * operator of a closed install would.
 */
async function createAccount(
  gatewayUrl: string,
  label: string,
  admin?: ApiClient,
): Promise<Omit<SmokePerson, 'id' | 'role' | 'token'>> {
  const suffix = randomBytes(4).toString('hex');
  const account = {
    email: `smoke-${label}-${suffix}@example.test`,
    username: `smoke_${label}_${suffix}`,
    password: `smoke horse battery ${suffix}`,
  };
  const registered = await new ApiClient(gatewayUrl).post('/auth/register', {
    body: { ...account, displayName: `Smoke ${label}` },
  });
  if (registered.status === 403 && admin) {
    expectStatus(await admin.post('/admin/users', { body: account }), 201, `admin creating ${label}`);
  } else {
    expectStatus(registered, 201, `registration of ${label}`);
  }
  return account;
}

async function searchFinds(api: ApiClient, term: string, bookmarkId: string): Promise<boolean> {
  const response = await api.get<SearchBody>(`/search?q=${encodeURIComponent(term)}`);
  expectStatus(response, 200, `search for ${term}`);
  return response.body.items.some((item) => item.type === 'bookmark' && item.id === bookmarkId);
}

/**
 * The end-to-end smoke flow through the public REST API and Socket.IO: two people sign up and in,
 * person 1 creates a bookmark (tagged), a note and a task, finds the bookmark by search once the read
 * model has it, opens a conversation with person 2 and sends a message that person 2's socket (on the
 * second gateway when two are given) gets pushed live. Throws on the first thing that does not work.
 */
export async function runSmokeFlow(gatewayUrls: string[], options: SmokeOptions = {}): Promise<SmokeResult> {
  assert.ok(gatewayUrls.length > 0, 'runSmokeFlow needs at least one gateway URL');
  const [first] = gatewayUrls;
  const second = gatewayUrls[1] ?? first;
  const timings: Record<string, number> = {};

  const [one, two] = await timed(timings, 'accounts', async () => {
    const account1 = await createAccount(first, 'one');
    const signedIn1 = await signIn(first, account1);
    const account2 = await createAccount(first, 'two', signedIn1.api);
    const signedIn2 = await signIn(second, account2);
    return [
      { account: account1, ...signedIn1 },
      { account: account2, ...signedIn2 },
    ];
  });
  const me = await one.api.get<{ user: { id: string } }>('/auth/me');
  expectStatus(me, 200, 'GET /auth/me');
  assert.equal(me.body.user.id, one.body.user.id, 'the session cookie signs in person 1');

  const searchTerm = randomWord(12);
  const tag = `smoke-${randomWord(6)}`;
  const bookmarkInput = {
    url: `https://${searchTerm}.example.org/smoke`,
    title: `Smoke ${searchTerm} guide`,
  };
  const created = await timed(timings, 'create', async () => {
    const bookmark = await one.api.post<{ bookmark: { id: string; tags: string[] } }>('/bookmarks', {
      body: { ...bookmarkInput, tags: [tag] },
    });
    expectStatus(bookmark, 201, 'POST /bookmarks');
    assert.deepEqual(bookmark.body.bookmark.tags, [tag], 'the bookmark keeps its tag');
    const note = await one.api.post<{ note: { id: string } }>('/notes', {
      body: { title: `Smoke note ${searchTerm}`, body: 'Written by the **smoke** flow.' },
    });
    expectStatus(note, 201, 'POST /notes');
    const task = await one.api.post<{ task: { id: string } }>('/tasks', {
      body: { title: `Smoke task ${searchTerm}`, priority: 'high' },
    });
    expectStatus(task, 201, 'POST /tasks');
    return { bookmark: bookmark.body.bookmark, note: note.body.note, task: task.body.task };
  });

  await timed(timings, 'searchIndexed', () =>
    waitFor(() => searchFinds(one.api, searchTerm, created.bookmark.id), {
      timeoutMs: options.searchTimeoutMs ?? 30_000,
      intervalMs: 200,
      description: `search for "${searchTerm}" to find bookmark ${created.bookmark.id}`,
    }),
  );

  const chatUser = (signedIn: typeof one): ChatUser => ({
    id: signedIn.body.user.id,
    username: signedIn.account.username,
    password: signedIn.account.password,
    token: signedIn.body.token,
    api: signedIn.api,
  });
  const sender = chatUser(one);
  const receiver = chatUser(two);
  const conversation: ConversationView = await timed(timings, 'conversation', () =>
    createGroup(sender, [receiver], `smoke ${searchTerm}`),
  );

  const sockets: ChatClient[] = [];
  let message: MessageView;
  try {
    const senderSocket = await connectAs(sender, [first]);
    sockets.push(senderSocket);
    const receiverSocket = await connectAs(receiver, [second]);
    sockets.push(receiverSocket);
    // Probes until the server has put the receiver's socket into the room; then the real message.
    await timed(timings, 'socketsLive', () => untilLive(senderSocket, conversation.id, [receiverSocket]));
    message = await timed(timings, 'livePush', async () => {
      const sent = await sender.api.post<{ message: MessageView }>(
        `/conversations/${conversation.id}/messages`,
        {
          body: { body: `smoke hello ${searchTerm}`, clientId: randomBytes(16).toString('hex') },
        },
      );
      expectStatus(sent, 201, 'POST /conversations/:id/messages');
      const id = sent.body.message.id;
      await receiverSocket.waitUntil(
        () => receiverSocket.pushedMessages(conversation.id).some((pushed) => pushed.id === id),
        `the smoke message ${id} pushed live`,
        options.liveTimeoutMs ?? 15_000,
      );
      return sent.body.message;
    });
  } finally {
    for (const socket of sockets) socket.close();
  }

  const person = (signedIn: typeof one): SmokePerson => ({
    ...signedIn.account,
    id: signedIn.body.user.id,
    role: signedIn.body.user.role,
    token: signedIn.body.token,
  });
  return {
    gatewayUrls,
    people: [person(one), person(two)],
    bookmark: { id: created.bookmark.id, url: bookmarkInput.url, title: bookmarkInput.title, tag },
    note: { id: created.note.id, title: `Smoke note ${searchTerm}` },
    task: { id: created.task.id, title: `Smoke task ${searchTerm}` },
    searchTerm,
    conversationId: conversation.id,
    message: { id: message.id, body: message.body, seq: message.seq },
    timings,
  };
}

export interface IntactOptions {
  /** Also require the flow's session tokens to work still (Redis kept or restored its sessions). */
  sessionsSurvive?: boolean;
  /** Bound of the wait for search to find the bookmark (a restored read model may lag; default 30 s). */
  searchTimeoutMs?: number;
}

/**
 * Checks through `gatewayUrl` that everything {@link runSmokeFlow} created is still there: both people
 * sign in with their passwords, person 1 reads the bookmark (with its tag), note and task and finds the
 * bookmark by search, and person 2 reads the message in the conversation.
 */
export async function expectSmokeDataIntact(
  gatewayUrl: string,
  result: SmokeResult,
  options: IntactOptions = {},
): Promise<void> {
  const [person1, person2] = result.people;
  if (options.sessionsSurvive) {
    for (const person of result.people) {
      const me = await new ApiClient(gatewayUrl).get<{ user: { id: string } }>('/auth/me', {
        bearer: person.token,
      });
      expectStatus(me, 200, `GET /auth/me with ${person.username}'s earlier session`);
      assert.equal(me.body.user.id, person.id);
    }
  }
  const one = await signIn(gatewayUrl, person1);
  assert.equal(one.body.user.id, person1.id, `${person1.username} keeps their id`);
  assert.equal(one.body.user.role, person1.role, `${person1.username} keeps their role`);

  const bookmark = await one.api.get<{
    bookmark: { id: string; url: string; title: string; tags: string[] };
  }>(`/bookmarks/${result.bookmark.id}`);
  expectStatus(bookmark, 200, 'GET /bookmarks/:id');
  assert.deepEqual(
    {
      url: bookmark.body.bookmark.url,
      title: bookmark.body.bookmark.title,
      tags: bookmark.body.bookmark.tags,
    },
    { url: result.bookmark.url, title: result.bookmark.title, tags: [result.bookmark.tag] },
  );
  const note = await one.api.get<{ note: { title: string } }>(`/notes/${result.note.id}`);
  expectStatus(note, 200, 'GET /notes/:id');
  assert.equal(note.body.note.title, result.note.title);
  const task = await one.api.get<{ task: { title: string } }>(`/tasks/${result.task.id}`);
  expectStatus(task, 200, 'GET /tasks/:id');
  assert.equal(task.body.task.title, result.task.title);
  await waitFor(() => searchFinds(one.api, result.searchTerm, result.bookmark.id), {
    timeoutMs: options.searchTimeoutMs ?? 30_000,
    intervalMs: 200,
    description: `search for "${result.searchTerm}" to find bookmark ${result.bookmark.id} again`,
  });

  const two = await signIn(gatewayUrl, person2);
  assert.equal(two.body.user.id, person2.id, `${person2.username} keeps their id`);
  const messages = await storedMessages(two.api, result.conversationId);
  const kept = messages.find((m) => m.id === result.message.id);
  assert.deepEqual(
    kept && { body: kept.body, seq: kept.seq, senderId: kept.senderId },
    { body: result.message.body, seq: result.message.seq, senderId: person1.id },
    `message ${result.message.id} is still in conversation ${result.conversationId}`,
  );
}
