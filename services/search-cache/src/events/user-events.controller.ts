import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { authEvent, type EventData } from '@tracera/contracts';
import { ForgetUserProfileUseCase } from '../use-cases/forget-user-profile.use-case';

/** Auth events that touch what this service caches. */
@Controller()
export class UserEventsController {
  constructor(private readonly forgetProfile: ForgetUserProfileUseCase) {}

  @EventPattern(authEvent.userUpdated.type)
  userUpdated(@Payload() data: EventData<typeof authEvent.userUpdated>): Promise<void> {
    return this.forgetProfile.execute(data.userId);
  }
}
