/**
 * The logging panel's handler (pyramid_debugtoolbar's ThreadTrackingHandler): on the root
 * logger, it gives each record to the toolbar of the request that emitted it, found through
 * AsyncLocalStorage where Python's keys records by thread. Records outside a watched request
 * are not kept. As in Python, it sees what the loggers' levels let through.
 */
import { getLogger, NOTSET, type Handler, type LogRecord } from '../logging';
import { activeToolbar } from './toolbar';

class ToolbarLogHandler implements Handler {
  level = NOTSET;
  // Unlike Python's, it does not silence the last resort: an app without logging configured still sees its warnings.
  readonly observer = true;

  handle(record: LogRecord): void {
    const toolbar = activeToolbar.getStore();
    if (!toolbar) return;
    toolbar.logRecords.push({ time: new Date(record.created * 1000), level: record.levelname, logger: record.name, message: record.message });
  }
}

const handler = new ToolbarLogHandler();

/** Puts the handler on the root logger, once (again if a logging configuration replaced the root's handlers). */
export function installLogHandler(): void {
  const root = getLogger();
  if (!root.handlers.includes(handler)) root.addHandler(handler);
}
