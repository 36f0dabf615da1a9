import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { authEvent, type EventData } from '@tracera/contracts';
import { type StreamsContext } from '@tracera/streams';
import { RecordUserUseCase } from './record-user.use-case';

/** Auth's user events keep the directory copy (member names, `@username` mentions) current. */
@Controller()
export class UserEventsController {
  constructor(private readonly recordUser: RecordUserUseCase) {}

  @EventPattern(authEvent.userRegistered.type)
  userRegistered(
    @Payload() data: EventData<typeof authEvent.userRegistered>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    return this.recordUser.registered(data, new Date(context.getEnvelope().ts));
  }

  @EventPattern(authEvent.userUpdated.type)
  userUpdated(
    @Payload() data: EventData<typeof authEvent.userUpdated>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    return this.recordUser.updated(data, new Date(context.getEnvelope().ts));
  }
}
