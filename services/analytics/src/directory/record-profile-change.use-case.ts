import { Injectable } from '@nestjs/common';
import { type authEvent, type EventData } from '@tracera/contracts';
import { UsersRepository } from './users.repository';

/** Applies a person's changed name, zone or status to the directory copy (auth's user.updated). */
@Injectable()
export class RecordProfileChangeUseCase {
  constructor(private readonly users: UsersRepository) {}

  execute(data: EventData<typeof authEvent.userUpdated>, at: string): Promise<void> {
    return this.users.upsertChanged(
      {
        userId: data.userId,
        username: data.username,
        displayName: data.displayName,
        timeZone: data.timeZone,
        disabled: data.disabled,
      },
      at,
    );
  }
}
