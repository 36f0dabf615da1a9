import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type EventData, messagingEvent } from '@tracera/contracts';
import { type StreamsContext } from '@tracera/streams';
import { messageSent, reactionAdded } from '../activity-mapping';
import { ActivityBatcher } from '../activity-batcher';

/** Chat activity: sending a message and reacting to one. */
@Controller()
export class MessagingEventsController {
  constructor(private readonly activity: ActivityBatcher) {}

  @EventPattern(messagingEvent.messageCreated.type)
  messageCreated(
    @Payload() data: EventData<typeof messagingEvent.messageCreated>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    return this.activity.record(messageSent(context.getEnvelope(), data));
  }

  @EventPattern(messagingEvent.reactionAdded.type)
  reactionAdded(
    @Payload() data: EventData<typeof messagingEvent.reactionAdded>,
    @Ctx() context: StreamsContext,
  ): Promise<void> {
    return this.activity.record(reactionAdded(context.getEnvelope(), data));
  }
}
