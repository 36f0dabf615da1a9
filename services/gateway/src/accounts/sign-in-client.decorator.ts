import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { clientIp } from '../http/client-ip';

/** Where a sign-in comes from, as recorded on the session (bounded to what the auth contract accepts). */
export interface SignInClient {
  ip: string;
  userAgent: string | null;
}

export const CurrentClient = createParamDecorator(
  (_data: unknown, context: ExecutionContext): SignInClient => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const userAgent = request.headers['user-agent'];
    return { ip: clientIp(request).slice(0, 64), userAgent: userAgent ? userAgent.slice(0, 512) : null };
  },
);
