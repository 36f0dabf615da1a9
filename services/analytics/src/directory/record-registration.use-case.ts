import { Injectable } from '@nestjs/common';
import { type authEvent, type EventData } from '@tracera/contracts';
import { UsersRepository } from './users.repository';

/** Adds a newly registered person to the directory copy (auth's user.registered). */
@Injectable()
export class RecordRegistrationUseCase {
  constructor(private readonly users: UsersRepository) {}

  execute(data: EventData<typeof authEvent.userRegistered>, at: string): Promise<void> {
    return this.users.insertRegistered(data, at);
  }
}
