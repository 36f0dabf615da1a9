import { Module } from '@nestjs/common';
import { CacheModule } from '@tracera/cache';
import { AnalyticsApiModule } from './analytics/analytics-api.module';
import { APP_GUARD } from '@nestjs/core';
import { LiveEventsModule } from './live-events/live-events.module';
import { MessagingApiModule } from './messaging/messaging-api.module';
import { RealtimeModule } from './realtime/realtime.module';
import { AccountsService } from './accounts/accounts.service';
import { AdminUsersController } from './accounts/admin-users.controller';
import { MeController } from './accounts/me.controller';
import { SessionsController } from './accounts/sessions.controller';
import { SignInController } from './accounts/sign-in.controller';
import { SignInService } from './accounts/sign-in.service';
import { TokensController } from './accounts/tokens.controller';
import { UsersController } from './accounts/users.controller';
import { AuthenticationGuard } from './auth/authentication.guard';
import { GatewayAuthModule } from './auth/gateway-auth.module';
import { AuthorizationGuard } from './auth/authorization.guard';
import { BookmarksController } from './content/bookmarks.controller';
import { CollectionsController } from './content/collections.controller';
import { FilesController } from './content/files.controller';
import { ItemsService } from './content/items.service';
import { NotesController } from './content/notes.controller';
import { OrganizersService } from './content/organizers.service';
import { TagsController } from './content/tags.controller';
import { TasksController } from './content/tasks.controller';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { SearchController } from './search/search.controller';
import { SearchService } from './search/search.service';
import { ContentTransferClient } from './transfers/content-transfer.client';
import { ExportsController } from './transfers/exports.controller';
import { ImportsController } from './transfers/imports.controller';
import { TransfersService } from './transfers/transfers.service';

/**
 * The gateway service's features: the public REST API and Socket.IO endpoint. Health, metrics, Redis and
 * Postgres come from the platform. Every API request passes three global guards, in this order: who is
 * calling, the rate limits, what they may do.
 */
@Module({
  // The result cache answers search hits at the edge (REDIS_CACHE_ENABLED=false: every search is an RPC).
  imports: [
    GatewayAuthModule,
    CacheModule.forRoot(),
    MessagingApiModule,
    AnalyticsApiModule,
    RealtimeModule,
    LiveEventsModule,
  ],
  controllers: [
    SignInController,
    MeController,
    SessionsController,
    TokensController,
    UsersController,
    AdminUsersController,
    BookmarksController,
    NotesController,
    TasksController,
    FilesController,
    TagsController,
    CollectionsController,
    ImportsController,
    ExportsController,
    SearchController,
  ],
  providers: [
    SignInService,
    AccountsService,
    ItemsService,
    OrganizersService,
    TransfersService,
    ContentTransferClient,
    SearchService,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: AuthorizationGuard },
  ],
})
export class GatewayModule {}
