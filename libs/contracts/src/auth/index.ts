export * from './auth-fields';
export * from './auth-models';
export * as authEvent from './auth.events';
export * as authRpc from './auth.rpc';
