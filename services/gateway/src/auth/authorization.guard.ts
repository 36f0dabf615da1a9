import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Principal, type Role, type TokenScope } from '@tracera/contracts';
import { apiRequest } from './api-route';
import { PUBLIC_ROUTE, REQUIRED_ROLES, SESSION_ONLY } from './auth.decorators';
import { requestAuth } from './request-auth';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Last global guard (after rate limiting, so refused requests are counted too): signed in unless
 * `@Public()`, the role `@Roles()` asks for, a session for `@SessionOnly()`, and an API token's scope.
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = apiRequest(context);
    if (!request) return true;
    const targets = [context.getHandler(), context.getClass()];
    const principal = requestAuth(request).principal;
    if (!principal) {
      if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
      throw new UnauthorizedException(
        'Sign in: send the session cookie, or Authorization: Bearer with a session or API token.',
      );
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ForbiddenException(`This needs the ${roles.join(' or ')} role.`);
    }
    if (principal.tokenId !== undefined) {
      if (this.reflector.getAllAndOverride<boolean>(SESSION_ONLY, targets)) {
        throw new ForbiddenException(
          'Personal API tokens cannot manage sessions, tokens or the password; sign in with a session.',
        );
      }
      const scope = requiredScope(request.method, roles !== undefined && roles.includes('admin'));
      if (!hasScope(principal, scope)) {
        throw new ForbiddenException(`This API token lacks the "${scope}" scope this request needs.`);
      }
    }
    return true;
  }
}

function requiredScope(method: string, adminRoute: boolean): TokenScope {
  if (adminRoute) return 'admin';
  return READ_METHODS.has(method.toUpperCase()) ? 'read' : 'write';
}

function hasScope(principal: Principal, scope: TokenScope): boolean {
  return principal.scopes?.includes(scope) ?? false;
}
