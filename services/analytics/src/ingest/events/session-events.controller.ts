import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { authEvent, type EventData } from '@tracera/contracts';
import { type StreamsContext } from '@tracera/streams';
import { signedIn } from '../activity-mapping';
import { ActivityBatcher } from '../activity-batcher';

/** Signing in is activity (though it keeps no streak alive). */
@Controller()
export class SessionEventsController {
  constructor(private readonly activity: ActivityBatcher) {}

  @EventPattern(authEvent.sessionCreated.type)
  sessionCreated(
    @Payload() data: EventData<typeof authEvent.sessionCreated>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    return this.activity.record(signedIn(context.getEnvelope(), data.userId));
  }
}
