import { messagingRpc } from '@tracera/contracts';
import { send, startDirect, startGroup } from './messages-helpers';
import { fieldsOf, MessagingTestBed } from './messaging-test-bed';

describe('messaging service: message search', () => {
  let bed: MessagingTestBed;

  beforeAll(async () => {
    bed = await MessagingTestBed.start('message_search');
  });

  afterAll(async () => {
    await bed?.close();
  });

  it("finds messages of the caller's conversations only, newest first", async () => {
    const [ada, bob, cy, eve] = await bed.registerUsers(4, 'find');
    const team = await startGroup(bed, ada, [bob]);
    const direct = await startDirect(bed, cy, ada);
    const elsewhere = await startGroup(bed, eve, [cy]);
    const older = await send(bed, bob, team.id, 'the kubernetes upgrade is done');
    await send(bed, ada, team.id, 'lunch anyone?');
    const newer = await send(bed, cy, direct.id, 'Kubernetes dashboards are slow');
    await send(bed, eve, elsewhere.id, 'kubernetes secrets rotated');

    const found = await bed.call(messagingRpc.searchMessages, { userId: ada.id, query: 'kubernetes' });
    expect(found.items.map((hit) => hit.message.id)).toEqual([newer.id, older.id]);
    expect(found.items.map((hit) => hit.conversationId)).toEqual([direct.id, team.id]);
    expect(found.items[0].message).toEqual(newer);
    expect(found.nextCursor).toBeNull();

    const inTeam = await bed.call(messagingRpc.searchMessages, {
      userId: ada.id,
      query: 'kubernetes',
      conversationId: team.id,
    });
    expect(inTeam.items.map((hit) => hit.message.id)).toEqual([older.id]);
    const notMine = await bed.failure(messagingRpc.searchMessages, {
      userId: ada.id,
      query: 'kubernetes',
      conversationId: elsewhere.id,
    });
    expect(notMine.code).toBe('NOT_FOUND');

    // Leaving a conversation takes its messages out of the results at once.
    await bed.call(messagingRpc.removeMember, {
      userId: ada.id,
      conversationId: team.id,
      memberUserId: ada.id,
    });
    const afterLeaving = await bed.call(messagingRpc.searchMessages, { userId: ada.id, query: 'kubernetes' });
    expect(afterLeaving.items.map((hit) => hit.message.id)).toEqual([newer.id]);
  });

  it('marks matches and escapes everything else in the snippet', async () => {
    const [ada, bob] = await bed.registerUsers(2, 'snip');
    const team = await startGroup(bed, ada, [bob]);
    await send(bed, bob, team.id, 'try <script>alert("x")</script> & the zeppelin rollout');
    const { items } = await bed.call(messagingRpc.searchMessages, { userId: ada.id, query: 'zeppelin' });
    expect(items).toHaveLength(1);
    expect(items[0].snippet).toContain('<mark>zeppelin</mark>');
    expect(items[0].snippet).toContain('&lt;script&gt;');
    expect(items[0].snippet).toContain('&amp;');
    expect(items[0].snippet).toContain('&quot;x&quot;');
    expect(items[0].snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>"]/);
    // What looks like markup is words the user wrote, so it is found too.
    const script = await bed.call(messagingRpc.searchMessages, { userId: ada.id, query: 'script' });
    expect(script.items.map((hit) => hit.message.body)).toEqual([items[0].message.body]);
  });

  it('follows edits and deletions, and pages with a cursor', async () => {
    const [ada, bob] = await bed.registerUsers(2, 'pages');
    const team = await startGroup(bed, ada, [bob]);
    const sent = [];
    for (let i = 1; i <= 5; i += 1)
      sent.push(await send(bed, i % 2 ? ada : bob, team.id, `quokka number ${i}`));
    await bed.call(messagingRpc.editMessage, { userId: ada.id, messageId: sent[0].id, body: 'a wombat now' });
    await bed.call(messagingRpc.deleteMessage, { userId: bob.id, messageId: sent[1].id });

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await bed.call(messagingRpc.searchMessages, {
        userId: bob.id,
        query: 'quokka',
        limit: 2,
        cursor,
      });
      seen.push(...page.items.map((hit) => hit.message.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(seen).toEqual([sent[4].id, sent[3].id, sent[2].id]);
    const wombat = await bed.call(messagingRpc.searchMessages, { userId: bob.id, query: 'wombat' });
    expect(wombat.items.map((hit) => hit.message.id)).toEqual([sent[0].id]);

    const bad = await bed.failure(messagingRpc.searchMessages, {
      userId: bob.id,
      query: 'quokka',
      cursor: 'bogus',
    });
    expect(bad.code).toBe('VALIDATION');
    expect(fieldsOf(bad)).toEqual(['cursor']);
  });
});
