export * from './claim-once';
export * from './processed-event.entity';
export * from './run-once';
