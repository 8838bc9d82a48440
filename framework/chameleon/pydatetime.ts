/**
 * A JS `Date` seen as Python's naive `datetime` (part of `$py`, see pyruntime.ts): its fields
 * (`year`, `month`, `day`, `hour`...), `strftime` with the C locale's names, `isoformat`, and
 * `str()` as Python prints it (`2026-11-29 18:05:00`). Local time, as the Date's own getters.
 */
import { PyError } from './pyerrors';
import { float } from './pyvalues';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number, width = 2, fill = '0') => String(n).padStart(width, fill);

function dayOfYear(d: Date): number {
  const start = new Date(d.getFullYear(), 0, 1);
  return Math.round((new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime() - start.getTime()) / 86400000) + 1;
}

/** Week of the year, weeks starting on `firstDay` (0 Sunday: %U, 1 Monday: %W). */
function weekNumber(d: Date, firstDay: number): number {
  const yday = dayOfYear(d) - 1;
  const wday = (d.getDay() - firstDay + 7) % 7;
  return Math.floor((yday - wday + 7) / 7);
}

function microseconds(d: Date): number {
  return d.getMilliseconds() * 1000;
}

/** Python's `datetime.strftime` on a Date, with glibc's `%-d`-style unpadded forms. */
export function strftime(d: Date, format: string): string {
  return format.replace(/%(-?)([a-zA-Z%])/g, (whole, noPad: string, c: string) => {
    const p = (n: number, width = 2) => (noPad ? String(n) : pad(n, width));
    switch (c) {
      case 'a': return DAYS[d.getDay()].slice(0, 3);
      case 'A': return DAYS[d.getDay()];
      case 'w': return String(d.getDay());
      case 'd': return p(d.getDate());
      case 'e': return noPad ? String(d.getDate()) : pad(d.getDate(), 2, ' ');
      case 'b': case 'h': return MONTHS[d.getMonth()].slice(0, 3);
      case 'B': return MONTHS[d.getMonth()];
      case 'm': return p(d.getMonth() + 1);
      case 'y': return p(d.getFullYear() % 100);
      case 'Y': return String(d.getFullYear());
      case 'H': return p(d.getHours());
      case 'I': return p(d.getHours() % 12 || 12);
      case 'p': return d.getHours() < 12 ? 'AM' : 'PM';
      case 'M': return p(d.getMinutes());
      case 'S': return p(d.getSeconds());
      case 'f': return pad(microseconds(d), 6);
      case 'j': return p(dayOfYear(d), 3);
      case 'U': return p(weekNumber(d, 0));
      case 'W': return p(weekNumber(d, 1));
      case 'c': return strftime(d, '%a %b %e %H:%M:%S %Y');
      case 'x': return strftime(d, '%m/%d/%y');
      case 'X': return strftime(d, '%H:%M:%S');
      case 'F': return strftime(d, '%Y-%m-%d');
      case 'T': return strftime(d, '%H:%M:%S');
      case 'z': case 'Z': return ''; // a naive datetime has no zone
      case '%': return '%';
      default: return whole;
    }
  });
}

/** `datetime.isoformat(sep='T')`. */
export function isoformat(d: Date, sep = 'T'): string {
  return strftime(d, `%Y-%m-%d${sep}%H:%M:%S`) + (d.getMilliseconds() ? '.' + pad(microseconds(d), 6) : '');
}

/** `str(datetime)`. */
export function dateStr(d: Date): string {
  return isoformat(d, ' ');
}

/** `repr(datetime)`. */
export function dateRepr(d: Date): string {
  const fields = [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), microseconds(d)];
  while (fields.length > 5 && fields[fields.length - 1] === 0) fields.pop();
  return `datetime.datetime(${fields.join(', ')})`;
}

/** A `datetime` attribute of a Date, or undefined when it has none of that name. */
export function dateAttr(d: Date, name: string): unknown {
  switch (name) {
    case 'year': return d.getFullYear();
    case 'month': return d.getMonth() + 1;
    case 'day': return d.getDate();
    case 'hour': return d.getHours();
    case 'minute': return d.getMinutes();
    case 'second': return d.getSeconds();
    case 'microsecond': return microseconds(d);
    case 'strftime': return (format: unknown) => {
      if (typeof format !== 'string') throw new PyError('TypeError', `strftime() argument 1 must be str, not ${typeof format}`);
      return strftime(d, format);
    };
    case 'isoformat': return (sep?: unknown) => isoformat(d, typeof sep === 'string' ? sep : 'T');
    case 'weekday': return () => (d.getDay() + 6) % 7;
    case 'isoweekday': return () => d.getDay() || 7;
    case 'timestamp': return () => float(d.getTime() / 1000);
    default: return undefined;
  }
}
