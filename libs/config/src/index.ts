export * from './app-config';
export * from './config.module';
export { environmentSchema, type Environment } from './config.schema';
export { type HostPort, type RateLimitSetting } from './env-parsers';
export { parseRedisAddress, type RedisAddress } from './redis-address';
