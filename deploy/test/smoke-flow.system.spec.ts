import { sharedInfra } from '@tracera/testing';
import { expectSmokeDataIntact, runSmokeFlow } from './support/smoke-flow';
import { startTraceraStack, type TraceraStack } from './support/tracera-stack';

/**
 * The smoke flow other deploy tests reuse (backup/restore, hardened runtime), against the plain standalone
 * Redis: every service as a built process after the migrate job, two gateway replicas.
 */
describe('smoke flow on a standalone Redis (real processes, two gateways)', () => {
  let stack: TraceraStack;

  beforeAll(async () => {
    stack = await startTraceraStack({
      label: 'smoke_standalone',
      redisEnv: { REDIS_ADDR: sharedInfra().redisAddress },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('signs up and in, creates, searches and chats live across both gateways, and finds it all again', async () => {
    const result = await runSmokeFlow(stack.gatewayUrls);
    expect(result.people.map((person) => person.id)).toHaveLength(2);
    expect(new Set(result.people.map((person) => person.id)).size).toBe(2);

    // Again through the other replica, with fresh sign-ins and the flow's own sessions.
    await expectSmokeDataIntact(stack.gatewayUrls[1], result, { sessionsSurvive: true });
  });

  it('fails loudly when the data is not there', async () => {
    const result = await runSmokeFlow(stack.gatewayUrls.slice(0, 1));
    const missing = {
      ...result,
      bookmark: { ...result.bookmark, id: '01890000-0000-7000-8000-000000000000' },
    };
    await expect(expectSmokeDataIntact(stack.gatewayUrls[0], missing)).rejects.toThrow(/GET \/bookmarks/);
  });
});
