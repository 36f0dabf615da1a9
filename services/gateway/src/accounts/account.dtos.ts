import { authRpc, isoTime, pageRequest, userView } from '@tracera/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

// Bodies: the contracts' strict schemas, so the edge and the auth service apply the same rules.
export class RegisterDto extends createZodDto(authRpc.registerBody) {}
export class LoginDto extends createZodDto(authRpc.loginBody) {}
export class UpdateMeDto extends createZodDto(authRpc.updateMeBody) {}
export class ChangePasswordDto extends createZodDto(authRpc.changePasswordBody) {}
export class CreateTokenDto extends createZodDto(authRpc.createTokenBody) {}
export class AdminCreateUserDto extends createZodDto(authRpc.adminCreateUserBody) {}
export class AdminUpdateUserDto extends createZodDto(authRpc.adminUpdateUserBody) {}

// Route parameters and queries: query strings are text, so only `limit` is coerced.
export class IdParamsDto extends createZodDto(z.strictObject({ id: z.uuid() })) {}
export class UserPageQueryDto extends createZodDto(
  z.strictObject({
    query: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: pageRequest.cursor,
  }),
) {}

// Answers.
export class SignedInDto extends createZodDto(
  z.object({
    user: userView,
    /** The session token, also set as the `tracera_session` cookie; send it as `Authorization: Bearer`. */
    token: z.string(),
    expiresAt: isoTime.describe('When the session ends if left idle'),
  }),
) {}
export class UserDto extends createZodDto(authRpc.getMe.response) {}
export class SessionListDto extends createZodDto(authRpc.listSessions.response) {}
export class CreatedTokenDto extends createZodDto(authRpc.createToken.response) {}
export class TokenListDto extends createZodDto(authRpc.listTokens.response) {}
export class UserDirectoryPageDto extends createZodDto(authRpc.directory.response) {}
export class AdminUserPageDto extends createZodDto(authRpc.adminListUsers.response) {}
export class AdminUserDto extends createZodDto(authRpc.adminCreateUser.response) {}
