import { Injectable } from '@nestjs/common';
import { type authEvent, type EventData } from '@tracera/contracts';
import { DirectoryRepository } from './directory.repository';

/** Applies auth's user events to the directory copy; idempotent (an older or repeated event changes nothing). */
@Injectable()
export class RecordUserUseCase {
  constructor(private readonly users: DirectoryRepository) {}

  registered(data: EventData<typeof authEvent.userRegistered>, at: Date): Promise<void> {
    return this.users.upsert(
      [
        {
          userId: data.userId,
          username: data.username,
          displayName: data.displayName,
          avatarUrl: null,
          disabled: false,
        },
      ],
      at,
    );
  }

  updated(data: EventData<typeof authEvent.userUpdated>, at: Date): Promise<void> {
    return this.users.upsert(
      [
        {
          userId: data.userId,
          username: data.username,
          displayName: data.displayName,
          avatarUrl: data.avatarUrl,
          disabled: data.disabled,
        },
      ],
      at,
    );
  }
}
