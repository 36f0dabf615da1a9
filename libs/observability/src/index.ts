export * from './health/lifecycle-state';
export * from './health/readiness-registry';
export * from './logging/logger-options';
export * from './logging/request-id';
export * from './logging/request-logging';
export * from './metrics/http-instrumentation';
export * from './observability.module';
