import { type TokenScope } from '@tracera/contracts';
import { validationFailed } from '../auth-errors';

/** Tokens live at most this long, so a forgotten one does not stay valid forever. */
export const MAX_API_TOKEN_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

export interface CreateApiTokenInput {
  userId: string;
  name: string;
  scopes: TokenScope[];
  expiresAt?: string;
}

export class CreateApiTokenCommand {
  private constructor(
    readonly userId: string,
    readonly name: string,
    readonly scopes: TokenScope[],
    readonly expiresAt: Date | null,
  ) {}

  /** Throws VALIDATION on `expiresAt` unless it lies in the future and at most a year ahead. */
  static create(input: CreateApiTokenInput, now: number = Date.now()): CreateApiTokenCommand {
    let expiresAt: Date | null = null;
    if (input.expiresAt !== undefined) {
      expiresAt = new Date(input.expiresAt);
      if (expiresAt.getTime() <= now) {
        throw validationFailed([{ field: 'expiresAt', message: 'must be in the future' }]);
      }
      if (expiresAt.getTime() > now + MAX_API_TOKEN_LIFETIME_MS) {
        throw validationFailed([{ field: 'expiresAt', message: 'must be at most one year from now' }]);
      }
    }
    const scopes = [...new Set(input.scopes)];
    return new CreateApiTokenCommand(input.userId, input.name.trim(), scopes, expiresAt);
  }
}
