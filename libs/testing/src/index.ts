export * from './service-process';
export * from './shared-infra';
export * from './test-database';
export * from './throwaway-servers';
export * from './wait-for';
export * from './scan-keys';
export * from './test-redis-connection';
export * from './streams-peer';
