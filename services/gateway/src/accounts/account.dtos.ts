import { authRpc, isoTime, pageRequest, userView } from '@tracera/contracts';
import { createApiDto } from '../http/api-dto';
import { z } from 'zod';

// Bodies: the contracts' strict schemas, so the edge and the auth service apply the same rules.
export class RegisterDto extends createApiDto(authRpc.registerBody) {}
export class LoginDto extends createApiDto(authRpc.loginBody) {}
export class UpdateMeDto extends createApiDto(authRpc.updateMeBody) {}
export class ChangePasswordDto extends createApiDto(authRpc.changePasswordBody) {}
export class CreateTokenDto extends createApiDto(authRpc.createTokenBody) {}
export class AdminCreateUserDto extends createApiDto(authRpc.adminCreateUserBody) {}
export class AdminUpdateUserDto extends createApiDto(authRpc.adminUpdateUserBody) {}

// Route parameters and queries: query strings are text, so only `limit` is coerced.
export class IdParamsDto extends createApiDto(z.strictObject({ id: z.uuid() })) {}
export class UserPageQueryDto extends createApiDto(
  z.strictObject({
    query: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: pageRequest.cursor,
  }),
) {}

// Answers.
export class SignedInDto extends createApiDto(
  z.object({
    user: userView,
    /** The session token, also set as the `tracera_session` cookie; send it as `Authorization: Bearer`. */
    token: z.string(),
    expiresAt: isoTime.describe('When the session ends if left idle'),
  }),
) {}
export class RegistrationStatusDto extends createApiDto(authRpc.registrationStatus.response) {}
export class UserDto extends createApiDto(authRpc.getMe.response) {}
export class SessionListDto extends createApiDto(authRpc.listSessions.response) {}
export class CreatedTokenDto extends createApiDto(authRpc.createToken.response) {}
export class TokenListDto extends createApiDto(authRpc.listTokens.response) {}
export class UserDirectoryPageDto extends createApiDto(authRpc.directory.response) {}
export class AdminUserPageDto extends createApiDto(authRpc.adminListUsers.response) {}
export class AdminUserDto extends createApiDto(authRpc.adminCreateUser.response) {}
