import { Global, Module } from '@nestjs/common';
import { RateLimitModule } from '@tracera/rate-limit';
import { SessionsModule } from '@tracera/sessions';
import { Authenticator } from './authenticator';
import { SessionCookie } from './session-cookie';

/**
 * Who is calling, for every entry point of the gateway: the HTTP guards and the Socket.IO handshake check
 * credentials with the same Authenticator (sessions in Redis, or the auth service).
 */
@Global()
@Module({
  // The session store is only asked when REDIS_SESSIONS_ENABLED; otherwise the auth service checks sessions.
  imports: [RateLimitModule.forRoot(), SessionsModule.forRoot()],
  providers: [Authenticator, SessionCookie],
  exports: [Authenticator, SessionCookie, RateLimitModule],
})
export class GatewayAuthModule {}
