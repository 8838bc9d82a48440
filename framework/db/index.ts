export { Engine, createEngine, engineFromConfig, parseUrl, type DialectName, type EngineOptions } from './engine';
export { DbSession, type TransactionSource } from './session';
export { ScopedSession, scopedSession } from './scoped';
