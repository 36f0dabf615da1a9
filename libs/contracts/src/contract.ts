import { type z } from 'zod';

/** The services that produce events or serve RPC; each owns one event stream and one request stream. */
export type ServiceName = 'gateway' | 'auth' | 'content' | 'search-cache' | 'messaging' | 'analytics';

/** A domain event: a fact `producer` publishes on its own stream. */
export interface EventContract<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  kind: 'event';
  type: TType;
  /** Current schema version of `data`. */
  v: number;
  producer: ServiceName;
  data: TSchema;
}

/** A command or query `service` answers; the reply goes to the caller's own inbox. */
export interface RpcContract<
  TPattern extends string = string,
  TRequest extends z.ZodType = z.ZodType,
  TResponse extends z.ZodType = z.ZodType,
> {
  kind: 'rpc';
  type: TPattern;
  v: number;
  service: ServiceName;
  request: TRequest;
  response: TResponse;
}

export type Contract = EventContract | RpcContract;

export function defineEvent<TType extends string, TSchema extends z.ZodType>(
  type: TType,
  spec: { producer: ServiceName; data: TSchema; v?: number },
): EventContract<TType, TSchema> {
  return { kind: 'event', type, v: spec.v ?? 1, producer: spec.producer, data: spec.data };
}

export function defineRpc<TPattern extends string, TRequest extends z.ZodType, TResponse extends z.ZodType>(
  type: TPattern,
  spec: { service: ServiceName; request: TRequest; response: TResponse; v?: number },
): RpcContract<TPattern, TRequest, TResponse> {
  return {
    kind: 'rpc',
    type,
    v: spec.v ?? 1,
    service: spec.service,
    request: spec.request,
    response: spec.response,
  };
}

export type EventData<C> = C extends EventContract<string, infer S> ? z.infer<S> : never;
export type RpcRequest<C> = C extends RpcContract<string, infer Q, z.ZodType> ? z.infer<Q> : never;
export type RpcResponse<C> = C extends RpcContract<string, z.ZodType, infer R> ? z.infer<R> : never;
