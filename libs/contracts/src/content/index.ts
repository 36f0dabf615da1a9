export * from './content-fields';
export * from './content-models';
export * as contentEvent from './content.events';
export * as contentRpc from './content.rpc';
