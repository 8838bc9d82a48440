/**
 * What every session factory promises (Pyramid's ISession), as one suite that runs against
 * each factory: the signed cookie, and Redis (whose factory brings a tween that loads the
 * session before the view and saves it after).
 *
 * @example
 *   runSessionContract('SignedCookieSessionFactory', (clock) => SignedCookieSessionFactory('s', { clock }));
 */
import { Response } from '../../framework/response';
import { parseCookieHeader } from '../../framework/request';
import { HTTPFound } from '../../framework/httpexceptions';
import type { ISession, SessionFactory } from '../../framework/session';

export type MakeFactory = (clock: () => number) => SessionFactory;

/** A browser against one factory: it keeps the cookies responses set and sends them back. */
export class Browser {
  jar = new Map<string, string>();
  now = 1700000000.25;
  readonly factory: SessionFactory;

  constructor(makeFactory: MakeFactory) {
    this.factory = makeFactory(() => this.now);
  }

  /** One request whose view is `view`; returns what it returned and the Set-Cookie headers sent. */
  visit<T>(view: (session: ISession) => T, options: { exception?: unknown; cookieHeader?: string } = {}): { result: T; setCookies: string[] } {
    const callbacks: Array<(request: unknown, response: Response) => void> = [];
    const header = options.cookieHeader ?? [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const request = { cookies: parseCookieHeader(header), exception: options.exception, addResponseCallback: (cb: (typeof callbacks)[number]) => callbacks.push(cb) };
    const result = view(this.factory(request));
    const response = new Response();
    for (const callback of callbacks) callback(request, response);
    const setCookies = (response.headers['Set-Cookie'] as string[] | undefined) ?? [];
    for (const [name, value] of Object.entries(response.setCookies)) this.jar.set(name, value);
    return { result, setCookies };
  }

  /** `visit`, through the factory's tween when it has one (a store that loads and saves asynchronously). */
  async go<T>(view: (session: ISession) => T, options: { exception?: unknown; cookieHeader?: string } = {}): Promise<{ result: T; setCookies: string[]; status: number }> {
    const callbacks: Array<(request: unknown, response: Response) => void> = [];
    const header = options.cookieHeader ?? [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const request = { cookies: parseCookieHeader(header), exception: options.exception, addResponseCallback: (cb: (typeof callbacks)[number]) => callbacks.push(cb), method: 'GET', pathQs: '/' };
    let result: T | undefined;
    const handler = (req: typeof request) => {
      result = view(this.factory(req));
      return new Response();
    };
    const response = await (this.factory.tween ? this.factory.tween(handler)(request) : handler(request));
    for (const callback of callbacks) callback(request, response);
    const setCookies = (response.headers['Set-Cookie'] as string[] | undefined) ?? [];
    for (const [name, value] of Object.entries(response.setCookies)) this.jar.set(name, value);
    return { result: result as T, setCookies, status: response.statusCode };
  }
}

export function runSessionContract(name: string, makeFactory: MakeFactory): void {
  describe(`${name} keeps the session contract`, () => {
    let browser: Browser;
    beforeEach(() => {
      browser = new Browser(makeFactory);
    });
    afterEach(async () => {
      // A factory with a connection (Redis) closes it.
      await (browser.factory as { close?: () => Promise<void> }).close?.();
    });

    test('a first visit gets a new, empty session', async () => {
      const { result } = await browser.go((s) => ({ isNew: s.new, size: s.size, keys: s.keys() }));
      expect(result).toEqual({ isNew: true, size: 0, keys: [] });
    });

    test('what one request stores, the next reads; the session is then not new', async () => {
      await browser.go((s) => {
        s['user'] = 'ada';
        s.set('roles', ['admin']);
      });
      browser.now += 5;
      const { result } = await browser.go((s) => ({ isNew: s.new, user: s['user'], roles: s.get('roles'), has: 'user' in s }));
      expect(result).toEqual({ isNew: false, user: 'ada', roles: ['admin'], has: true });
    });

    test('created stays as it was; accessed moves on', async () => {
      const first = (
        await browser.go((s) => {
          s['n'] = 1;
          return s.created;
        })
      ).result;
      browser.now += 30;
      const { result } = await browser.go((s) => ({ created: s.created, accessed: (s.get('n'), s.accessed) }));
      expect(result.created).toBe(first);
      expect(result.accessed).toBe(Math.trunc(browser.now));
    });

    test('the dict API: get with a default, delete, pop, popitem, setdefault, update, clear, keys/values/items in insertion order', async () => {
      await browser.go((s) => {
        s.update({ b: 2, a: 1 });
        s.update([['c', 3]]);
        expect(s.setdefault('a', 9)).toBe(1);
        expect(s.setdefault('d')).toBeNull();
        expect(s.keys()).toEqual(['b', 'a', 'c', 'd']);
        expect(s.values()).toEqual([2, 1, 3, null]);
        expect(s.items()).toEqual([['b', 2], ['a', 1], ['c', 3], ['d', null]]);
        expect([...s]).toEqual(['b', 'a', 'c', 'd']);
        expect(s.length).toBe(4);
        expect(s.popitem()).toEqual(['d', null]);
        expect(s.pop('b')).toBe(2);
        expect(s.pop('b', 'gone')).toBe('gone');
        expect(delete s['c']).toBe(true);
        expect(s.get('c', 'default')).toBe('default');
        expect(s['c']).toBeUndefined();
        expect({ ...s }).toEqual({ a: 1 });
        expect(Object.keys(s)).toEqual(['a']);
        expect(JSON.stringify(s)).toBe('{"a":1}');
        s.clear();
        expect(s.size).toBe(0);
        expect(() => s.popitem()).toThrow(RangeError);
      });
    });

    test("item names that are also the session's workings are plain items (state, request, settings, dirty)", async () => {
      await browser.go((s) => {
        for (const key of ['state', 'request', 'settings', 'dirty', 'serializer', 'toString']) s.set(key, key.toUpperCase());
        s['state'] = 'CA';
      });
      const { result } = await browser.go((s) => s.toJSON());
      expect(result).toEqual({ state: 'CA', request: 'REQUEST', settings: 'SETTINGS', dirty: 'DIRTY', serializer: 'SERIALIZER', toString: 'TOSTRING' });
    });

    test('names of session methods are reached with get/set; assigning one by bracket is an error that says so', async () => {
      const { result } = await browser.go((s) => {
        s.set('keys', 'k');
        expect(() => {
          (s as Record<string, unknown>)['flash'] = 'x';
        }).toThrow("'flash' is a session method: store an item of that name with session.set('flash', value)");
        return [s.get('keys'), typeof s['keys']];
      });
      expect(result).toEqual(['k', 'function']);
    });

    test("the session's own attributes cannot be overwritten by bracket either: new, created, accessed, size", async () => {
      await browser.go((s) => {
        for (const name of ['new', 'created', 'accessed', 'size']) {
          expect(() => {
            (s as Record<string, unknown>)[name] = 5;
          }).toThrow(`'${name}' is a session attribute: store an item of that name with session.set('${name}', value)`);
        }
        expect(typeof s.created).toBe('number');
        s.set('new', 'an item');
        expect(s.get('new')).toBe('an item');
      });
    });

    test('a nested change is saved once changed() is called', async () => {
      await browser.go((s) => {
        s['cart'] = [];
      });
      // The same second: reading does not re-send the cookie, so only changed() saves the push.
      await browser.go((s) => {
        s['cart'].push('apple');
        s.changed();
      });
      expect((await browser.go((s) => s['cart'])).result).toEqual(['apple']);
    });

    test('invalidate() empties the session for the next request', async () => {
      await browser.go((s) => {
        s['user'] = 'ada';
      });
      browser.now += 5;
      await browser.go((s) => s.invalidate());
      expect((await browser.go((s) => s.size)).result).toBe(0);
    });

    test('flash messages: queues, peek, pop, allowDuplicate', async () => {
      await browser.go((s) => {
        s.flash('saved');
        s.flash('saved');
        s.flash('once', 'info', false);
        s.flash('once', 'info', false);
        s.flash({ level: 1 }, 'info', false);
        s.flash({ level: 1 }, 'info', false);
      });
      browser.now += 5;
      const { result } = await browser.go((s) => ({ peek: s.peekFlash(), info: s.popFlash('info'), again: s.popFlash('info'), none: s.peekFlash('none') }));
      expect(result).toEqual({ peek: ['saved', 'saved'], info: ['once', { level: 1 }], again: [], none: [] });
      expect((await browser.go((s) => s.popFlash())).result).toEqual(['saved', 'saved']);
      expect((await browser.go((s) => s.popFlash())).result).toEqual([]);
    });

    test('the CSRF token is made once and kept; newCsrfToken() replaces it', async () => {
      const token = (await browser.go((s) => s.getCsrfToken())).result;
      expect(token).toMatch(/^[0-9a-f]{40}$/);
      expect((await browser.go((s) => s.getCsrfToken())).result).toBe(token);
      const renewed = (await browser.go((s) => s.newCsrfToken())).result;
      expect(renewed).not.toBe(token);
      expect((await browser.go((s) => s.getCsrfToken())).result).toBe(renewed);
    });

    test('no cookie is written when the session is only read while new, or not used at all', async () => {
      expect((await browser.go((s) => s.get('x'))).setCookies).toEqual([]);
      expect((await browser.go(() => null)).setCookies).toEqual([]);
    });

    test('one write per response, however many changes', async () => {
      const { setCookies } = await browser.go((s) => {
        for (let i = 0; i < 10; i++) s[`k${i}`] = i;
        s.changed();
      });
      expect(setCookies).toHaveLength(1);
    });

    test('a cookie it cannot read gives a new, empty session', async () => {
      const { result } = await browser.go((s) => ({ isNew: s.new, size: s.size }), { cookieHeader: 'session=bm90IGEgc2Vzc2lvbg; sid=x' });
      expect(result).toEqual({ isNew: true, size: 0 });
    });

    test('written even when an exception view made the response (setOnException defaults to true)', async () => {
      const { setCookies } = await browser.go((s) => {
        s['n'] = 1;
      }, { exception: new HTTPFound('/') });
      expect(setCookies).toHaveLength(1);
    });
  });
}
