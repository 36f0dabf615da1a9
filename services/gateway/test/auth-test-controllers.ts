import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { type Principal } from '@tracera/contracts';
import { CurrentPrincipal, OptionalPrincipal, Public, Roles, SessionOnly } from '../src/auth/auth.decorators';
import { RateLimited } from '../src/rate-limit/rate-limited.decorator';

/** Routes that exist only to exercise the gateway's guards and decorators. */
@Controller('test-auth')
export class TestAuthController {
  @Get('whoami')
  whoami(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Post('write')
  @HttpCode(200)
  write(@CurrentPrincipal() principal: Principal): { userId: string } {
    return { userId: principal.userId };
  }

  @Public()
  @Get('public')
  open(@OptionalPrincipal() principal: Principal | undefined): { principal: Principal | null } {
    return { principal: principal ?? null };
  }

  @Roles('admin')
  @Get('admin')
  admin(): { ok: true } {
    return { ok: true };
  }

  @SessionOnly()
  @Get('session-only')
  sessionOnly(): { ok: true } {
    return { ok: true };
  }

  @RateLimited('search')
  @Get('search')
  search(): { ok: true } {
    return { ok: true };
  }
}
