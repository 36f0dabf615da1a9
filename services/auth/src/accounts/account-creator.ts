import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tracera/config';
import { uniqueViolationOf } from '@tracera/db';
import { authEvent, type Role } from '@tracera/contracts';
import { RpcError, Outbox } from '@tracera/streams';
import { type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { type AccountOrigin, type NewAccountCommand } from '../commands/new-account.command';
import { type UserEntity } from '../entities/user.entity';
import { PasswordHasher } from '../passwords/password-hasher';
import { UserRepository } from '../repositories/user.repository';

const TAKEN = 'is already taken';

/**
 * Creates accounts for self-registration and for admins: decides the role, refuses taken names, and writes
 * the user with its `user.registered` event in one transaction.
 */
@Injectable()
export class AccountCreator {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly outbox: Outbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(command: NewAccountCommand, origin: AccountOrigin): Promise<UserEntity> {
    // Cheap early refusal, so a closed sign-up costs no hashing; the check that counts is under the lock.
    if (origin.kind === 'self-registration') this.assertSignupsOpen(await this.users.anyUserExists());
    const passwordHash = await this.hasher.hash(command.password);
    try {
      return await this.outbox.transaction(async (manager, emit) => {
        // Serialised: two first registrations at once cannot both see an empty table and become admin.
        await this.users.lockRegistrations(manager);
        const isFirstUser = !(await this.users.anyUserExists(manager));
        if (origin.kind === 'self-registration') this.assertSignupsOpen(!isFirstUser);
        await this.assertNamesFree(manager, command);
        const role: Role = origin.kind === 'admin' ? origin.role : isFirstUser ? 'admin' : 'user';
        const user = await this.users.insert(manager, {
          id: uuidv7(),
          email: command.email,
          username: command.username,
          displayName: command.displayName,
          passwordHash,
          role,
        });
        emit(
          authEvent.userRegistered,
          {
            userId: user.id,
            username: user.username,
            displayName: user.displayName,
            role: user.role,
            ...(origin.kind === 'admin' ? { createdBy: origin.actorId } : {}),
          },
          { actor: origin.kind === 'admin' ? origin.actorId : user.id },
        );
        return user;
      });
    } catch (error) {
      throw conflictFromUniqueViolation(error) ?? error;
    }
  }

  private assertSignupsOpen(usersExist: boolean): void {
    if (this.config.auth.signupsDisabled && usersExist)
      throw new RpcError('FORBIDDEN', 'sign-ups are closed');
  }

  private async assertNamesFree(manager: EntityManager, command: NewAccountCommand): Promise<void> {
    const taken = await this.users.takenFields(manager, command.email, command.username);
    const errors = [
      ...(taken.email ? [{ field: 'email', message: TAKEN }] : []),
      ...(taken.username ? [{ field: 'username', message: TAKEN }] : []),
    ];
    if (errors.length > 0) throw new RpcError('CONFLICT', 'email or username already taken', { errors });
  }
}

/** The unique indexes as a last line of defence, should a writer ever skip the registration lock. */
function conflictFromUniqueViolation(error: unknown): RpcError | undefined {
  const constraint = uniqueViolationOf(error);
  if (constraint === undefined) return undefined;
  const field = constraint === 'users_email_key' ? 'email' : 'username';
  return new RpcError('CONFLICT', `${field} already taken`, { errors: [{ field, message: TAKEN }] });
}
