/** `pyramid-ts/redis`, as `pyramid_redis_sessions`: sessions kept in Redis, shared by every process and machine. */
export {
  RedisSessionFactory,
  RedisSession,
  SessionStoreUnavailable,
  generateSessionId,
  includeme,
  parseSettings,
  sessionFactoryFromSettings,
  type RedisClient,
  type RedisConnectionOptions,
  type RedisSessionOptions,
  type SessionRecord,
} from '../redis';
