/**
 * MultiDict and NestedMultiDict, as webob's: an ordered list of pairs where `get` gives a key's
 * last value, and `params` reads GET then POST.
 */
import { MultiDict, NestedMultiDict } from '../../framework/multidict';
import type { Request } from '../../framework/request';
import { makeApp, serve, httpRequest } from './helpers';

/** `a=1&b=2&a=3`, the example every case below starts from. */
function makeOne(pairs: Array<[string, string]> = [['a', '1'], ['b', '2'], ['a', '3']]): MultiDict {
  return new MultiDict(pairs);
}

describe('MultiDict', () => {
  test('get gives the last value, getall every value in order, and a default when missing', () => {
    const m = makeOne();
    expect(m.get('a')).toBe('3');
    expect(m.getall('a')).toEqual(['1', '3']);
    expect(m.get('zz')).toBeUndefined();
    expect(m.get('zz', 'No Name Provided')).toBe('No Name Provided');
    expect(m.getall('zz')).toEqual([]);
  });

  test('getone wants exactly one value and names the key in its error', () => {
    const m = makeOne();
    expect(m.getone('b')).toBe('2');
    expect(() => m.getone('zz')).toThrow(`Key not found: "zz"`);
    expect(() => m.getone('a')).toThrow(`Multiple values match "a": ["1","3"]`);
  });

  test('set replaces every value of a key (moving it to the end), add appends', () => {
    const m = makeOne();
    m.set('a', 'x');
    expect(m.items()).toEqual([['b', '2'], ['a', 'x']]);
    m.add('b', '5');
    expect(m.getall('b')).toEqual(['2', '5']);
    expect(m.size).toBe(3);
  });

  test('keys keep duplicates and order; mixed() gives one value or an array, as webob', () => {
    const m = makeOne();
    expect(m.keys()).toEqual(['a', 'b', 'a']);
    expect(m.values()).toEqual(['1', '2', '3']);
    expect(m.mixed()).toEqual({ a: ['1', '3'], b: '2' });
    expect(m.toJSON()).toEqual({ a: '3', b: '2' });
    expect([...m]).toEqual([['a', '1'], ['b', '2'], ['a', '3']]);
  });

  test('delete and clear', () => {
    const m = makeOne();
    expect(m.delete('a')).toBe(true);
    expect(m.delete('a')).toBe(false);
    expect(m.has('a')).toBe(false);
    m.clear();
    expect(m.size).toBe(0);
  });

  test('builds from a record (arrays become several pairs), URLSearchParams, or another MultiDict', () => {
    expect(new MultiDict({ a: ['1', '2'], b: '3' }).items()).toEqual([['a', '1'], ['a', '2'], ['b', '3']]);
    expect(new MultiDict(new URLSearchParams('name=Jane%20Doe&x=1&x=2')).getall('x')).toEqual(['1', '2']);
    expect(new MultiDict(new URLSearchParams('name=Jane%20Doe')).get('name')).toBe('Jane Doe');
    expect(new MultiDict(makeOne()).items()).toEqual(makeOne().items());
  });

  test('items() is a copy: changing it leaves the dict alone', () => {
    const m = makeOne();
    m.items().push(['c', '4']);
    expect(m.has('c')).toBe(false);
  });
});

describe('NestedMultiDict (request.params)', () => {
  function makeNested() {
    const GET = new MultiDict([['a', '1'], ['a', '2']]);
    const POST = new MultiDict([['a', '3'], ['c', '4']]);
    return { GET, POST, params: new NestedMultiDict(GET, POST) };
  }

  test('get takes the first dict that has the key (its last value there), as webob', () => {
    const { params } = makeNested();
    expect(params.get('a')).toBe('2');
    expect(params.get('c')).toBe('4');
    expect(params.get('zz', 'none')).toBe('none');
  });

  test('getall, items, mixed and size read GET then POST', () => {
    const { params } = makeNested();
    expect(params.getall('a')).toEqual(['1', '2', '3']);
    expect(params.items()).toEqual([['a', '1'], ['a', '2'], ['a', '3'], ['c', '4']]);
    expect(params.mixed()).toEqual({ a: ['1', '2', '3'], c: '4' });
    expect(params.size).toBe(4);
    expect(params.has('c')).toBe(true);
  });

  test('is a live view: a value added to GET afterwards shows in params', () => {
    const { GET, params } = makeNested();
    GET.add('z', '9');
    expect(params.get('z')).toBe('9');
    expect(params.size).toBe(5);
  });

  test('is read-only, and says where to write instead', () => {
    const { params } = makeNested();
    expect(() => params.set()).toThrow('request.params is read-only: change request.GET or request.POST');
    expect(() => params.add()).toThrow(TypeError);
    expect(() => params.delete()).toThrow(TypeError);
    expect(() => params.clear()).toThrow(TypeError);
  });
});

// Issue 15 point 12: keys that name Object.prototype's members were mistaken for them
// (`__proto__` set the prototype and vanished; `constructor` became [Object, value]).
describe('keys named like Object.prototype members', () => {
  const pairs: Array<[string, string]> = [['__proto__', '1'], ['constructor', '2'], ['constructor', '3'], ['toString', '4']];

  test('mixed() and toJSON() keep them as ordinary keys, as webob (mixed: {"__proto__": "1", "constructor": ["2", "3"], "toString": "4"})', () => {
    const m = makeOne(pairs);
    const mixed = m.mixed();
    expect(Object.keys(mixed)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(mixed)).toBe(Object.prototype);
    expect(JSON.stringify(mixed)).toBe('{"__proto__":"1","constructor":["2","3"],"toString":"4"}');
    expect(JSON.stringify(m)).toBe('{"__proto__":"1","constructor":"3","toString":"4"}');
  });

  test('over HTTP, a query string with such keys comes back whole from a json view', async () => {
    const { app } = makeApp((config) => {
      config.addRoute('echo', '/echo');
      config.addView((request: Request) => ({ mixed: request.params.mixed(), last: request.GET.toJSON() }), { routeName: 'echo', renderer: 'json' });
    });
    const served = await serve(app);
    try {
      const response = await httpRequest(served.port, { path: '/echo?__proto__=1&constructor=2&constructor=3&toString=4' });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toEqual({ mixed: { ['__proto__']: '1', constructor: ['2', '3'], toString: '4' }, last: { ['__proto__']: '1', constructor: '3', toString: '4' } });
      expect(response.body).toContain('"__proto__": "1"');
    } finally {
      await served.close();
    }
  });
});
