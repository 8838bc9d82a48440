export { RedisSessionFactory, RedisSession, generateSessionId, type RedisSessionOptions, type SessionRecord } from './session';
export { SessionStoreUnavailable, type RedisClient, type RedisConnectionOptions } from './store';
export { includeme, parseSettings, sessionFactoryFromSettings } from './settings';
