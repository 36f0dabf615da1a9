export * from './circuit-breaker';
export { DeadlineExceededError, withDeadline } from './deadline';
export * from './eviction-policy-check';
export * from './redis-clients';
export * from './redis-connection.factory';
export * from './redis-health';
export * from './redis-keys';
export * from './redis.module';
export * from './lua-script';
