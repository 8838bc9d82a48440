/** `pyramid-ts/logging`: Python's `logging`, as ini files configure it (`getLogger(__name__)`). */
export { getLogger, CRITICAL, ERROR, WARNING, INFO, DEBUG, NOTSET, type Logger } from '../logging';
