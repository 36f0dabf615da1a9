import { Module } from '@nestjs/common';
import { SessionsModule } from '@tracera/sessions';
import { AccountCreator } from './accounts/account-creator';
import { AdminCheck } from './accounts/admin-check';
import { PasswordHasher } from './passwords/password-hasher';
import { ApiTokenRepository } from './repositories/api-token.repository';
import { PostgresSessionStore } from './repositories/postgres-session.store';
import { UserRepository } from './repositories/user.repository';
import { AccountRpcController } from './rpc/account.rpc-controller';
import { AdminUserRpcController } from './rpc/admin-user.rpc-controller';
import { ApiTokenRpcController } from './rpc/api-token.rpc-controller';
import { SessionRpcController } from './rpc/session.rpc-controller';
import { SessionLifecycle } from './sessions/session-lifecycle.service';
import { sessionPolicyProvider, sessionStoreProvider } from './sessions/session-store.provider';
import { AuthenticateApiTokenUseCase } from './use-cases/authenticate-api-token.use-case';
import { AuthenticateSessionUseCase } from './use-cases/authenticate-session.use-case';
import { ChangePasswordUseCase } from './use-cases/change-password.use-case';
import { CreateApiTokenUseCase } from './use-cases/create-api-token.use-case';
import { CreateUserUseCase } from './use-cases/create-user.use-case';
import { GetProfileUseCase } from './use-cases/get-profile.use-case';
import { GetRegistrationStatusUseCase } from './use-cases/get-registration-status.use-case';
import { ListApiTokensUseCase } from './use-cases/list-api-tokens.use-case';
import { ListDirectoryUseCase } from './use-cases/list-directory.use-case';
import { ListSessionsUseCase } from './use-cases/list-sessions.use-case';
import { ListUsersUseCase } from './use-cases/list-users.use-case';
import { LookupUsersUseCase } from './use-cases/lookup-users.use-case';
import { RegisterUserUseCase } from './use-cases/register-user.use-case';
import { RevokeAllSessionsUseCase } from './use-cases/revoke-all-sessions.use-case';
import { RevokeApiTokenUseCase } from './use-cases/revoke-api-token.use-case';
import { RevokeSessionUseCase } from './use-cases/revoke-session.use-case';
import { SignInUseCase } from './use-cases/sign-in.use-case';
import { UpdateProfileUseCase } from './use-cases/update-profile.use-case';
import { UpdateUserAccessUseCase } from './use-cases/update-user-access.use-case';

/**
 * The auth service's features: users, password hashes, API tokens and sessions (Redis, or Postgres when
 * REDIS_SESSIONS_ENABLED=false). Health, metrics, Redis, Postgres and the outbox come from the platform.
 */
@Module({
  imports: [SessionsModule.forRoot()],
  controllers: [AccountRpcController, SessionRpcController, ApiTokenRpcController, AdminUserRpcController],
  providers: [
    UserRepository,
    ApiTokenRepository,
    PostgresSessionStore,
    sessionPolicyProvider,
    sessionStoreProvider,
    SessionLifecycle,
    PasswordHasher,
    AccountCreator,
    AdminCheck,
    RegisterUserUseCase,
    GetRegistrationStatusUseCase,
    SignInUseCase,
    GetProfileUseCase,
    UpdateProfileUseCase,
    ChangePasswordUseCase,
    ListDirectoryUseCase,
    LookupUsersUseCase,
    AuthenticateSessionUseCase,
    ListSessionsUseCase,
    RevokeSessionUseCase,
    RevokeAllSessionsUseCase,
    CreateApiTokenUseCase,
    ListApiTokensUseCase,
    RevokeApiTokenUseCase,
    AuthenticateApiTokenUseCase,
    ListUsersUseCase,
    CreateUserUseCase,
    UpdateUserAccessUseCase,
  ],
})
export class AuthModule {}
