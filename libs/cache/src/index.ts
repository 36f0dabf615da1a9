export * from './cache-codec';
export * from './cache.module';
export * from './result-cache';
export * from './result-cache-keys';
export * from './result-cache-metrics';
export * from './result-cache-store';
export * from './single-flight';
