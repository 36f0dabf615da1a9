export * from './session-token';
export * from './session-record';
export * from './session-store';
export * from './redis-session.store';
export * from './sessions.module';
export * from './user-profile.cache';
