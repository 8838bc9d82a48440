/**
 * `$py`: the runtime of compiled Python expressions (see pyexpr.ts). Python's semantics over
 * JavaScript values:
 *
 * | Python          | JavaScript                                                             |
 * |-----------------|------------------------------------------------------------------------|
 * | None            | `null` or `undefined`                                                  |
 * | bool            | boolean                                                                |
 * | int             | an integral number                                                     |
 * | float           | a fractional number, or a `PyFloat` for an integral float (`1.0`)       |
 * | str             | string                                                                 |
 * | list            | Array                                                                  |
 * | tuple           | Array marked by `$py.tuple()`                                          |
 * | dict            | plain object (string keys) or Map                                      |
 * | set             | Set                                                                    |
 * | function        | function; keyword arguments reach a JS function as a trailing object    |
 *
 * The runtime is split by concern: pyerrors.ts (Python's exceptions), pyvalues.ts (types, truth,
 * equality, dicts, iteration, calls), pyformat.ts (str(), repr(), format(), `%`), pymethods.ts
 * (methods of str, list, dict, set), pyops.ts (operators, attributes, items), pybuiltins.ts.
 * This module assembles `$py` and is the one the engine imports.
 *
 * Attribute access `o.name` reads, in order: Python's methods of str/list/dict/set; an own key of
 * a plain object or a Map's key (Chameleon's item fallback); a property of any other object; the
 * same name in camelCase (`route_url` → `routeUrl`); an item of a Map-like object (`has`/`get`).
 */
import { isFallbackError, isPyError, PyAttributeError, PyError, PyException, PyIndexError, PyKeyError, PyLookupError, PyNameError, PyTypeError, PyValueError, PyZeroDivisionError } from './pyerrors';
import { call, callKw, dictOf, each, eq, errorName, float, ge, gt, in_, is, items, iter, kwargs, lambda, lazy, le, lt, ne, notIn, slice, truthy, tuple, typeName, unpack } from './pyvalues';
import { ascii, format, repr, str } from './pyformat';
import { add, and_, callMethod, callMethodKw, camelCase, floordiv, getattr, getitem, getslice, invert, lshift, mod, mul, neg, or_, pos, pow, rshift, sub, truediv, xor } from './pyops';
import { builtins } from './pybuiltins';

export { PyFloat } from '../pyjson';
export {
  PyError, PyException, PyNameError, PyAttributeError, PyTypeError, PyValueError, PyLookupError, PyKeyError,
  PyIndexError, PyZeroDivisionError, isPyError, isFallbackError,
} from './pyerrors';
export { errorName } from './pyvalues';

/** The runtime object compiled expressions call as `$py`. */
export const $py = Object.freeze({
  builtins, truthy, truth: truthy, is, eq, ne, lt, le, gt, ge, in: in_, notIn,
  add, sub, mul, truediv, floordiv, mod, pow, lshift, rshift, and: and_, or: or_, xor, neg, pos, invert,
  getattr, getitem, getslice, slice, call, callKw, callMethod, callMethodKw, lambda,
  tuple, float, dictOf, items, kwargs, iter, list: iter, each, unpack, lazy,
  str, repr, ascii, format, typeName, camelCase,
  isFallbackError, errorName,
  PyError, isPyError, PyException, NameError: PyNameError, AttributeError: PyAttributeError, TypeError: PyTypeError,
  ValueError: PyValueError, LookupError: PyLookupError, KeyError: PyKeyError, IndexError: PyIndexError,
  ZeroDivisionError: PyZeroDivisionError,
});
export type PyRuntime = typeof $py;
