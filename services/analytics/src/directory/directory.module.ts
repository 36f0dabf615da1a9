import { Module } from '@nestjs/common';
import { RecordProfileChangeUseCase } from './record-profile-change.use-case';
import { RecordRegistrationUseCase } from './record-registration.use-case';
import { UserDirectory } from './user-directory';
import { UserEventsController } from './user-events.controller';
import { UsersRepository } from './users.repository';

/** The copy of the people directory: names for leaderboards, time zones for local days. */
@Module({
  controllers: [UserEventsController],
  providers: [UsersRepository, UserDirectory, RecordRegistrationUseCase, RecordProfileChangeUseCase],
  exports: [UserDirectory],
})
export class DirectoryModule {}
