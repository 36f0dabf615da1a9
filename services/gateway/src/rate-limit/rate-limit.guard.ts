import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  RateLimiter,
  rateLimitHeaders,
  type RateLimitDecision,
  type RequestClass,
} from '@tracera/rate-limit';
import { type FastifyReply } from 'fastify';
import { apiRequest } from '../auth/api-route';
import { requestAuth } from '../auth/request-auth';
import { clientIp } from '../http/client-ip';
import { RATE_LIMIT_CLASS } from './rate-limited.decorator';
import { RateLimitedException } from './rate-limited.exception';

/**
 * Second global guard: counts every API request against the general limit (per user when signed in, else
 * per client IP) and against the route's `@RateLimited()` class, sets `RateLimit-*` on the response and
 * refuses with 429 when a limit is spent.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = apiRequest(context);
    if (!request) return true;
    const { principal, apiDecision } = requestAuth(request);
    const subject = principal ? { userId: principal.userId } : { ip: clientIp(request) };
    const decisions = [apiDecision ?? (await this.limiter.consume('api', subject))];
    const routeClass = this.reflector.getAllAndOverride<RequestClass | undefined>(RATE_LIMIT_CLASS, [
      context.getHandler(),
      context.getClass(),
    ]);
    // Route classes count signed-in users; anonymous callers of such a route are limited by IP likewise.
    if (routeClass && decisions[0].allowed) decisions.push(await this.limiter.consume(routeClass, subject));
    const deciding = decisiveOf(decisions);
    if (!deciding.allowed) throw new RateLimitedException(deciding);
    void context.switchToHttp().getResponse<FastifyReply>().headers(rateLimitHeaders(deciding));
    return true;
  }
}

/** A denial if there is one, else the limit closest to running out: what the client should pace itself by. */
function decisiveOf(decisions: RateLimitDecision[]): RateLimitDecision {
  return (
    decisions.find((decision) => !decision.allowed) ??
    decisions.reduce((tightest, decision) => (decision.remaining < tightest.remaining ? decision : tightest))
  );
}
