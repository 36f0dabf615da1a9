import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitModule } from '@tracera/rate-limit';
import { SessionsModule } from '@tracera/sessions';
import { AccountsService } from './accounts/accounts.service';
import { AdminUsersController } from './accounts/admin-users.controller';
import { MeController } from './accounts/me.controller';
import { SessionsController } from './accounts/sessions.controller';
import { SignInController } from './accounts/sign-in.controller';
import { SignInService } from './accounts/sign-in.service';
import { TokensController } from './accounts/tokens.controller';
import { UsersController } from './accounts/users.controller';
import { AuthenticationGuard } from './auth/authentication.guard';
import { Authenticator } from './auth/authenticator';
import { AuthorizationGuard } from './auth/authorization.guard';
import { SessionCookie } from './auth/session-cookie';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';

/**
 * The gateway service's features: the public REST API and Socket.IO endpoint. Health, metrics, Redis and
 * Postgres come from the platform. Every API request passes three global guards, in this order: who is
 * calling, the rate limits, what they may do.
 */
@Module({
  // The session store is only asked when REDIS_SESSIONS_ENABLED; otherwise the auth service checks sessions.
  imports: [RateLimitModule.forRoot(), SessionsModule.forRoot()],
  controllers: [
    SignInController,
    MeController,
    SessionsController,
    TokensController,
    UsersController,
    AdminUsersController,
  ],
  providers: [
    Authenticator,
    SessionCookie,
    SignInService,
    AccountsService,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: AuthorizationGuard },
  ],
})
export class GatewayModule {}
