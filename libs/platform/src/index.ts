export * from './bootstrap-service';
export * from './create-service-app';
export * from './service-definition';
