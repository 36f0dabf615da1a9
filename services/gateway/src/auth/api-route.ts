import { type ExecutionContext } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { API_PREFIX } from '../http/configure-gateway-http';

const API_PATH = `/${API_PREFIX}/`;

/** The request as the guards see it, or undefined outside the public API (health, metrics, RPC handlers). */
export function apiRequest(context: ExecutionContext): FastifyRequest | undefined {
  if (context.getType() !== 'http') return undefined;
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return request.url.startsWith(API_PATH) ? request : undefined;
}
