export * from './messaging-fields';
export * from './messaging-models';
export * from './socket-protocol';
export * as messagingEvent from './messaging.events';
export * as messagingRpc from './messaging.rpc';
export { roomEventDomainType } from './messaging.events';
export * from './room-timeline';
