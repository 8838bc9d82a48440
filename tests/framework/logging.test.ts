import { IniFile } from '../../framework/ini';
import { basicConfig, DEBUG, fileConfig, Formatter, INFO, LoggerManager, LogRecord, StreamHandler, WARNING } from '../../framework/logging';

/** The Quick Tutorial's logging sections, as in development.ini. */
const TUTORIAL_LOGGING = `
[loggers]
keys = root, tutorial

[logger_tutorial]
level = DEBUG
handlers =
qualname = tutorial

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = INFO
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)-5.5s [%(name)s][%(threadName)s] %(message)s
`;

/** A fresh logger tree configured from `text`, with everything written to stderr captured. */
function makeOne(text: string, before: (m: LoggerManager) => void = () => {}) {
  const manager = new LoggerManager();
  before(manager);
  const lines: string[] = [];
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  fileConfig(new IniFile('/project/development.ini', text, { here: '/project', __file__: '/project/development.ini' }), manager);
  return { manager, lines };
}

afterEach(() => jest.restoreAllMocks());

function record(fields: Partial<LogRecord> = {}): LogRecord {
  return { name: 'tutorial.views', level: DEBUG, levelname: 'DEBUG', message: 'Some Message', created: 1376037762.968, ...fields };
}

describe('Formatter formats as Python’s %-style logging.Formatter', () => {
  it('renders the tutorial’s generic format, with asctime like 2013-08-09 10:42:42,968', () => {
    const line = new Formatter('%(asctime)s %(levelname)-5.5s [%(name)s][%(threadName)s] %(message)s').format(record());
    expect(line).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,968 DEBUG \[tutorial\.views\]\[MainThread\] Some Message$/);
  });

  it.each([
    ['%(levelname)-5.5s|', 'INFO ', INFO, 'INFO'],
    ['%(levelname)-5.5s|', 'WARNI', WARNING, 'WARNING'],
    ['%(levelname)8s|', '    INFO', INFO, 'INFO'],
    ['%(levelno)03d|', '020', INFO, 'INFO'],
    ['%(name).3s|', 'tut', INFO, 'INFO'],
    ['100%%|', '100%', INFO, 'INFO'],
  ])('%s gives %j', (fmt, expected, level, levelname) => {
    expect(new Formatter(fmt).format(record({ level, levelname }))).toBe(expected + '|');
  });

  it('gives 0 and blanks for the call site when none was captured', () => {
    expect(new Formatter('[%(module)s:%(lineno)s]').format(record())).toBe('[:0]');
  });

  it('knows which fields Python has and we do not', () => {
    expect(new Formatter('%(message)s %(nosuch)s').unknownFields).toEqual(['nosuch']);
  });

  it('honours datefmt', () => {
    expect(new Formatter('%(asctime)s', '%Y|%H').format(record())).toMatch(/^2013\|\d\d$/);
  });
});

describe('fileConfig applies the ini’s logging sections', () => {
  it('sends tutorial DEBUG lines through the root console handler, formatted', () => {
    const { manager, lines } = makeOne(TUTORIAL_LOGGING);
    manager.getLogger('tutorial.views').debug('Some Message');
    manager.getLogger('other').debug('hidden: root is at INFO');
    manager.getLogger('other').info('shown');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\S+ \S+ DEBUG \[tutorial\.views\]\[MainThread\] Some Message$/);
    expect(lines[1]).toMatch(/ INFO  \[other\]\[MainThread\] shown$/);
  });

  it('appends the error’s stack to logger.exception, as Python appends the traceback', () => {
    const { manager, lines } = makeOne(TUTORIAL_LOGGING);
    manager.getLogger('pyramid').exception('Exception while handling /', new Error('boom'));
    expect(lines[0]).toMatch(/ERROR \[pyramid\]\[MainThread\] Exception while handling \/$/);
    expect(lines[1]).toBe('Error: boom');
  });

  it('fills %(lineno)s and %(module)s with the caller’s line when the format asks', () => {
    const { manager, lines } = makeOne(TUTORIAL_LOGGING.replace('[%(name)s]', '[%(name)s:%(module)s:%(lineno)s]'));
    const line = String(new Error().stack).split('\n')[1].match(/:(\d+):\d+\)?$/)![1];
    manager.getLogger('tutorial').info('here'); // same line number + 1
    expect(lines[0]).toContain(`[tutorial:logging.test:${Number(line) + 1}]`);
  });

  it('honours propagate = 0 and handler levels', () => {
    const text = TUTORIAL_LOGGING.replace('handlers =\nqualname = tutorial', 'handlers = console\nqualname = tutorial\npropagate = 0')
      .replace('level = NOTSET', 'level = INFO');
    const { manager, lines } = makeOne(text);
    manager.getLogger('tutorial').debug('below the handler level');
    manager.getLogger('tutorial').info('once, not twice');
    expect(lines).toEqual([expect.stringMatching(/once, not twice$/)]);
  });

  it('disables loggers that existed before and are not configured, sparing children of configured ones', () => {
    const { manager } = makeOne(TUTORIAL_LOGGING, (m) => {
      m.getLogger('stale');
      m.getLogger('tutorial.views');
    });
    expect(manager.getLogger('stale').disabled).toBe(true);
    expect(manager.getLogger('tutorial.views').disabled).toBe(false);
    expect(manager.getLogger('created.later').disabled).toBe(false);
  });

  it.each([
    ['an unknown level', ['level = DEBUG', 'level = LOUD'], /\[logger_tutorial\] level: unknown level 'LOUD'/],
    ['an unknown handler class', ['class = StreamHandler', 'class = SysLogHandler'], /\[handler_console\] class: unknown handler class 'SysLogHandler'/],
    ['a handler not listed', ['handlers = console', 'handlers = file'], /\[logger_root\] handlers: no handler 'file' in \[handlers\] keys/],
    ['a loggers list without root', ['keys = root, tutorial', 'keys = tutorial'], /\[loggers\] keys: must list root/],
    ['an unknown format field', ['%(message)s', '%(msg)s'], /\[formatter_generic\] format: unknown field %\(msg\)s/],
    ['bad args', ['(sys.stderr,)', '(sys.stdrr,)'], /\[handler_console\] args: cannot read 'sys.stdrr'/],
  ])('names the section and key of %s', (_what, [from, to], message) => {
    expect(() => makeOne(TUTORIAL_LOGGING.replace(from, to))).toThrow(message);
  });
});

describe('basicConfig', () => {
  it('prints WARNING and up as LEVEL:name:message when the ini has no logging sections', () => {
    const manager = new LoggerManager();
    const lines: string[] = [];
    basicConfig(manager);
    (manager.root.handlers[0] as StreamHandler).stream = { write: (s: string) => lines.push(s) };
    manager.getLogger('tutorial').info('hidden');
    manager.getLogger('tutorial').warning('careful');
    expect(lines).toEqual(['WARNING:tutorial:careful\n']);
  });
});
