import { RpcException } from '@nestjs/microservices';
import { NonRetryableError } from '../events/stream-consumer.types';

/**
 * Thrown by an `@EventPattern` handler for an event no retry can fix: the event is dead-lettered at once.
 * Any other error is retried (and dead-lettered after the consumer's delivery limit). It has to be an
 * RpcException: Nest's exception filter replaces every other error with a generic one before the transport
 * sees it.
 */
export class NonRetryableEventException extends RpcException {
  constructor(message: string, details?: unknown) {
    super(new NonRetryableError(message, details));
  }
}
