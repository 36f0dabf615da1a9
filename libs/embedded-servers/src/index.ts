export * from './embedded-postgres';
export * from './embedded-redis';
export * from './free-port';
export * from './system-binaries';
