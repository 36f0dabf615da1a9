export * from './app-config';
export * from './config.module';
export { environmentSchema, type Environment } from './config.schema';
export { type HostPort } from './env-parsers';
export { parseRedisAddress, type RedisAddress } from './redis-address';
