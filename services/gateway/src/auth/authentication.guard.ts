import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { apiRequest } from './api-route';
import { Authenticator } from './authenticator';
import { requestCredential } from './request-credential';
import { requestAuth } from './request-auth';

/**
 * First global guard: establishes who is calling. It never refuses by itself (except when sessions cannot be
 * checked, 503): an unknown credential leaves the request anonymous, and the authorization guard decides.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(private readonly authenticator: Authenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = apiRequest(context);
    if (!request) return true;
    const credential = requestCredential(request);
    if (credential === undefined) return true;
    const authentication = await this.authenticator.authenticate(credential);
    if (authentication) Object.assign(requestAuth(request), authentication);
    return true;
  }
}
