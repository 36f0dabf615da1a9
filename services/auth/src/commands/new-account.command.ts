import { type Role } from '@tracera/contracts';
import { assertStrongPassword } from '../passwords/password-policy';

export interface NewAccountInput {
  email: string;
  username: string;
  password: string;
  displayName?: string;
}

/** An account to create, checked against the domain rules the request schema cannot express. */
export class NewAccountCommand {
  private constructor(
    readonly email: string,
    readonly username: string,
    readonly password: string,
    readonly displayName: string,
  ) {}

  /** Throws VALIDATION on `password` when it is too weak for this account. */
  static create(input: NewAccountInput): NewAccountCommand {
    const email = input.email.trim().toLowerCase();
    assertStrongPassword('password', input.password, { email, username: input.username });
    return new NewAccountCommand(email, input.username, input.password, input.displayName ?? input.username);
  }
}

/** Who asked for the account: the person themselves, or an admin choosing the role. */
export type AccountOrigin = { kind: 'self-registration' } | { kind: 'admin'; actorId: string; role: Role };
