/**
 * The hook a database layer reports its queries through, for the toolbar's SQL panel: call
 * `reportQuery` after each statement. It costs one AsyncLocalStorage read when the toolbar is
 * not watching the request (not included, disabled, or another client), and nothing is kept.
 *
 * @example
 *   const start = performance.now();
 *   const rows = statement.all(...params);
 *   reportQuery({ sql: statement.source, params, durationMs: performance.now() - start, engine: 'sqlite', rowCount: rows.length });
 */
import { activeToolbar, type QueryRecord } from './toolbar';

export function reportQuery(query: QueryRecord): void {
  activeToolbar.getStore()?.queries.push(query);
}

/** Whether a toolbar watches the current request (a layer may skip timing otherwise). */
export function queriesWatched(): boolean {
  return activeToolbar.getStore() !== undefined;
}
