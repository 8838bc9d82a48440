/**
 * Python's exceptions as compiled expressions raise them (part of `$py`, see pyruntime.ts): one
 * class per Python type, each a `PyError` whose `pyType` is the Python name.
 */

/**
 * A Python exception: `pyType` (and `name`) is Python's type name, `message` Python's str() of
 * it (`'a'` for KeyError('a')). `new PyError('KeyError', m)` makes the subclass (`PyKeyError`),
 * so that both `instanceof PyLookupError` and `pyType` tell what it is.
 */
export class PyError extends Error {
  readonly pyType!: string;
  constructor(pyType: string, message: string) {
    // Made once, as the subclass, rather than built and then replaced (an Error captures a stack).
    const Sub = new.target === PyError ? SUBCLASSES[pyType] : undefined;
    if (Sub) return new Sub(message);
    super(message);
    this.pyType = pyType;
    this.name = pyType;
  }
}
/** The same class, under the name the engine first used. */
export const PyException = PyError;
export class PyNameError extends PyError {
  constructor(message: string) {
    super('NameError', message);
  }
}
export class PyAttributeError extends PyError {
  constructor(message: string) {
    super('AttributeError', message);
  }
}
export class PyTypeError extends PyError {
  constructor(message: string) {
    super('TypeError', message);
  }
}
export class PyValueError extends PyError {
  constructor(message: string) {
    super('ValueError', message);
  }
}
export class PyLookupError extends PyError {
  constructor(message: string, pyType = 'LookupError') {
    super(pyType, message);
  }
}
export class PyKeyError extends PyLookupError {
  constructor(message: string) {
    super(message, 'KeyError');
  }
}
export class PyIndexError extends PyLookupError {
  constructor(message: string) {
    super(message, 'IndexError');
  }
}
export class PyZeroDivisionError extends PyError {
  constructor(message: string) {
    super('ZeroDivisionError', message);
  }
}

const SUBCLASSES: Record<string, new (message: string) => PyError> = {
  NameError: PyNameError, AttributeError: PyAttributeError, TypeError: PyTypeError, ValueError: PyValueError,
  LookupError: PyLookupError, KeyError: PyKeyError, IndexError: PyIndexError, ZeroDivisionError: PyZeroDivisionError,
};

/** Whether `e` is the Python exception `pyType`, or one of its subclasses that templates meet. */
export function isPyError(e: unknown, pyType: string): e is PyError {
  if (!(e instanceof PyError)) return false;
  if (e.pyType === pyType) return true;
  return pyType === 'LookupError' ? e.pyType === 'KeyError' || e.pyType === 'IndexError'
    : pyType === 'ArithmeticError' ? e.pyType === 'ZeroDivisionError' || e.pyType === 'OverflowError' : false;
}

export function typeError(message: string): never {
  throw new PyError('TypeError', message);
}
export function valueError(message: string): never {
  throw new PyError('ValueError', message);
}
const FALLBACK = ['NameError', 'ValueError', 'AttributeError', 'LookupError', 'TypeError'];

/** The errors Chameleon's `|` operator falls back on: NameError, ValueError, AttributeError, LookupError, TypeError. */
export function isFallbackError(e: unknown): boolean {
  return e instanceof TypeError || FALLBACK.some((t) => isPyError(e, t));
}
