import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { analyticsRpc, CHALLENGE_MAX_DAYS, type RpcRequest, type RpcResponse } from '@tracera/contracts';
import { type FieldProblem, notFound, Outbox, validationFailed } from '@tracera/streams';
import { v7 as uuidv7 } from 'uuid';
import { UserDirectory } from '../directory/user-directory';
import { lockUsers } from '../ingest/user-locks';
import { ChallengeProgress } from './challenge-progress';
import { challengeViewOf } from './challenge-view';
import { ChallengeRepository } from './challenge.repository';

type Request = RpcRequest<typeof analyticsRpc.createChallenge>;
type Response = RpcResponse<typeof analyticsRpc.createChallenge>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Invite-only challenges' invitees, without duplicates or the owner; public ones invite nobody. */
function inviteesOf(request: Request): string[] {
  if (request.visibility !== 'invite') return [];
  return [...new Set(request.invitees ?? [])].filter((id) => id !== request.userId).sort();
}

/** What identifies a create apart from its key: the body, normalised (times as instants, invitees as a set). */
function requestHashOf(request: Request): string {
  return createHash('sha256')
    .update(
      JSON.stringify({
        title: request.title,
        description: request.description ?? '',
        metric: request.metric,
        target: request.target,
        startsAt: new Date(request.startsAt).toISOString(),
        endsAt: new Date(request.endsAt).toISOString(),
        visibility: request.visibility,
        invitees: [...new Set(request.invitees ?? [])].sort(),
      }),
    )
    .digest('hex');
}

function periodProblems(startsAt: Date, endsAt: Date, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (endsAt.getTime() <= startsAt.getTime())
    problems.push({ field: 'endsAt', message: 'must be after startsAt' });
  else if (endsAt.getTime() - startsAt.getTime() > CHALLENGE_MAX_DAYS * DAY_MS) {
    problems.push({ field: 'endsAt', message: `must be at most ${CHALLENGE_MAX_DAYS} days after startsAt` });
  }
  if (endsAt.getTime() <= now.getTime()) problems.push({ field: 'endsAt', message: 'must be in the future' });
  return problems;
}

/**
 * Creates a challenge with its owner as first member (their activity already in the period counts). With an
 * Idempotency-Key, a repeat of the same body answers the first challenge (`created: false`); the same key
 * with a different body is VALIDATION on `Idempotency-Key`.
 */
@Injectable()
export class CreateChallengeUseCase {
  constructor(
    private readonly outbox: Outbox,
    private readonly challenges: ChallengeRepository,
    private readonly progress: ChallengeProgress,
    private readonly directory: UserDirectory,
  ) {}

  async execute(request: Request): Promise<Response> {
    const { userId } = request;
    const hash = requestHashOf(request);
    // A replay answers before the checks against now: the first request passed them.
    const replayed = await this.replayed(request, hash);
    if (replayed !== null) return this.answer(userId, replayed, false);

    const startsAt = new Date(request.startsAt);
    const endsAt = new Date(request.endsAt);
    const problems = periodProblems(startsAt, endsAt, new Date());
    if (problems.length > 0) throw validationFailed(problems);
    const invitees = inviteesOf(request);
    // Outside the transaction: it may wait for auth.
    await this.requireKnown(invitees);

    const { id, created } = await this.outbox.transaction(async (manager) => {
      const key = request.idempotencyKey ?? null;
      if (key !== null) {
        await this.challenges.lockIdempotencyKey(manager, userId, key);
        const stored = await this.challenges.findIdByIdempotencyKey(manager, userId, key);
        if (stored !== null) return { id: this.sameRequest(stored, hash), created: false };
      }
      const challengeId = uuidv7();
      await this.challenges.insert(manager, {
        id: challengeId,
        ownerId: userId,
        title: request.title,
        description: request.description ?? '',
        metric: request.metric,
        target: request.target,
        startsAt,
        endsAt,
        visibility: request.visibility,
        idempotencyKey: key,
        requestHash: key === null ? null : hash,
      });
      await this.challenges.invite(manager, challengeId, invitees);
      await lockUsers(manager, [userId]);
      await this.challenges.addMember(manager, challengeId, userId);
      await this.progress.backfillInTransaction(manager, challengeId, userId);
      return { id: challengeId, created: true };
    });
    if (created) await this.progress.syncMembers(id, [userId]);
    return this.answer(userId, id, created);
  }

  private async replayed(request: Request, hash: string): Promise<string | null> {
    if (request.idempotencyKey === undefined) return null;
    const stored = await this.challenges.findIdByIdempotencyKey(
      undefined,
      request.userId,
      request.idempotencyKey,
    );
    return stored === null ? null : this.sameRequest(stored, hash);
  }

  private sameRequest(stored: { id: string; requestHash: string | null }, hash: string): string {
    if (stored.requestHash !== hash) {
      throw validationFailed([
        { field: 'Idempotency-Key', message: 'was already used for a different request' },
      ]);
    }
    return stored.id;
  }

  private async requireKnown(userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    const known = await this.directory.profiles(userIds, { strict: true });
    const unknown = userIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw validationFailed([{ field: 'invitees', message: `names unknown people: ${unknown.join(', ')}` }]);
    }
  }

  private async answer(userId: string, challengeId: string, created: boolean): Promise<Response> {
    const row = await this.challenges.findVisible(undefined, userId, challengeId);
    if (row === null) throw notFound('challenge');
    return { challenge: challengeViewOf(row), created };
  }
}
