import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { authEvent, type EventData } from '@tracera/contracts';
import { type StreamsContext } from '@tracera/streams';
import { RecordProfileChangeUseCase } from './record-profile-change.use-case';
import { RecordRegistrationUseCase } from './record-registration.use-case';

/** auth's directory events: names and time zones. */
@Controller()
export class UserEventsController {
  constructor(
    private readonly recordRegistration: RecordRegistrationUseCase,
    private readonly recordProfileChange: RecordProfileChangeUseCase,
  ) {}

  @EventPattern(authEvent.userRegistered.type)
  userRegistered(
    @Payload() data: EventData<typeof authEvent.userRegistered>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    return this.recordRegistration.execute(data, context.getEnvelope().ts);
  }

  @EventPattern(authEvent.userUpdated.type)
  userUpdated(
    @Payload() data: EventData<typeof authEvent.userUpdated>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    return this.recordProfileChange.execute(data, context.getEnvelope().ts);
  }
}
