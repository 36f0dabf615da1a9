import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@tracera/contracts';
import { type FastifyReply } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { OptionalPrincipal, Public } from '../auth/auth.decorators';
import { SessionCookie } from '../auth/session-cookie';
import { ApiProblems } from '../http/api-problems.decorator';
import { LoginDto, RegisterDto, RegistrationStatusDto, SignedInDto } from './account.dtos';
import { CurrentClient, type SignInClient } from './sign-in-client.decorator';
import { SignInService } from './sign-in.service';

@ApiTags('auth')
@Public()
@Controller('auth')
export class SignInController {
  constructor(
    private readonly signIn: SignInService,
    private readonly cookie: SessionCookie,
  ) {}

  @Get('registration')
  @ZodResponse({
    status: 200,
    type: RegistrationStatusDto,
    description: 'Whether sign-ups are open, and first run',
  })
  @ApiProblems('rate-limited', 'service-unavailable')
  registration() {
    return this.signIn.registrationStatus();
  }

  @Post('register')
  @ZodResponse({ status: 201, type: SignedInDto, description: 'Registered and signed in; sets the cookie' })
  @ApiProblems('validation-failed', 'forbidden', 'conflict', 'unprocessable-content', 'rate-limited')
  async register(
    @Body() body: RegisterDto,
    @CurrentClient() client: SignInClient,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const signedIn = await this.signIn.register(body, client);
    this.cookie.set(reply, signedIn.token);
    return signedIn;
  }

  @Post('login')
  @ZodResponse({ status: 200, type: SignedInDto, description: 'Signed in; sets the cookie' })
  @ApiProblems('validation-failed', 'unauthorized', 'rate-limited', 'service-unavailable')
  async login(
    @Body() body: LoginDto,
    @CurrentClient() client: SignInClient,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const signedIn = await this.signIn.login(body, client);
    this.cookie.set(reply, signedIn.token);
    return signedIn;
  }

  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Signed out; the cookie is cleared' })
  @ApiProblems('rate-limited')
  async logout(
    @OptionalPrincipal() principal: Principal | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.signIn.logout(principal);
    this.cookie.clear(reply);
  }
}
