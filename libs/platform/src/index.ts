export * from './bootstrap-service';
export * from './create-service-app';
export * from './service-definition';
export * from './run-service-command';
