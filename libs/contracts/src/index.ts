export * from './contract';
export * from './contract-table';
export * from './envelope';
export * from './system-contracts';
export * from './auth';
export * from './content';
export * from './search';
