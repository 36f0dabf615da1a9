export * from './analytics-fields';
export * from './analytics-models';
export * as analyticsEvent from './analytics.events';
export * as analyticsRpc from './analytics.rpc';
