import { BaseRpcContext } from '@nestjs/microservices';
import { type Envelope } from '@tracera/contracts';
import { type StreamMessage } from '../events/stream-consumer.types';
import { RpcField } from '../rpc/rpc-protocol';

/**
 * What `@Ctx()` gives a `@MessagePattern` or `@EventPattern` handler of the streams transport, like Nest's
 * `RedisContext`: the whole envelope (its `id` is the idempotency key) and the stream entry it came in.
 */
export class StreamsContext extends BaseRpcContext<[StreamMessage]> {
  getMessage(): StreamMessage {
    return this.args[0];
  }

  getEnvelope(): Envelope {
    return this.args[0].envelope;
  }

  /** For an RPC, when its caller stops waiting (epoch ms); undefined for events. */
  getDeadline(): number | undefined {
    const deadline = Number(this.args[0].fields[RpcField.deadline]);
    return Number.isFinite(deadline) ? deadline : undefined;
  }
}
