import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import { type Principal, type Role } from '@tracera/contracts';
import { type FastifyRequest } from 'fastify';
import { requestAuth } from './request-auth';

export const PUBLIC_ROUTE = 'tracera:public';
export const REQUIRED_ROLES = 'tracera:roles';
export const SESSION_ONLY = 'tracera:session-only';

/** Served without authentication (a valid credential is still recognised); the per-IP general limit applies. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only users with one of these roles; API tokens also need the `admin` scope for admin routes. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** Needs a browser or bearer session: personal API tokens cannot manage sessions, tokens or the password. */
export const SessionOnly = () => SetMetadata(SESSION_ONLY, true);

/** Documents the credentials an authenticated route takes (the session cookie or a bearer token). */
export const Authenticated = () => applyDecorators(ApiCookieAuth(), ApiBearerAuth());

/** The authenticated caller; only on routes the authorization guard let through as signed in. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = requestAuth(context.switchToHttp().getRequest<FastifyRequest>()).principal;
    if (!principal) throw new UnauthorizedException('Sign in, or send a session or API token.');
    return principal;
  },
);

/** The caller if one signed in, else undefined (for `@Public()` routes that behave differently when signed in). */
export const OptionalPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    requestAuth(context.switchToHttp().getRequest<FastifyRequest>()).principal,
);
