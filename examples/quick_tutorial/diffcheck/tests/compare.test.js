/** What the differential check counts as equal, and what not. */
const { compare, cookieShape, sessionState, withoutReissues } = require('../diffcheck');
const recorded = require('../oracle/sessions.answers.json');

const page = (body, headers = {}) => ({ status: 200, headers: { 'content-type': ['text/html; charset=UTF-8'], ...headers }, body });

test('equal answers have no differences; status, headers and bodies are each compared', () => {
  expect(compare(page('<p>x</p>'), page('<p>x</p>'))).toEqual([]);
  expect(compare(page('<p>x</p>'), { ...page('<p>x</p>'), status: 404 })).toEqual(['status 200 vs ours 404']);
  expect(compare(page('a'), page('a', { 'content-type': ['text/plain'] }))[0]).toMatch(/^content-type/);
  expect(compare(page('a', { location: ['http://localhost/'] }), page('a'))[0]).toMatch(/^location/);
  expect(compare(page('<p>x</p>'), page('<p>x</p>\n'))[0]).toMatch(/^body differs at 8/);
});

test('Set-Cookie: names and attributes count, values (signed, timed) do not', () => {
  expect(cookieShape('session=abc; Path=/; SameSite=Lax')).toBe('session=<value>; path=/; samesite=Lax');
  expect(cookieShape('auth_tkt=; Max-Age=0; Path=/; expires=Wed, 31-Dec-97 23:59:59 GMT'))
    .toBe('auth_tkt=; expires=Wed, 31-Dec-97 23:59:59 GMT; max-age=0; path=/');
  expect(compare(page('', { 'set-cookie': ['s=1; Path=/'] }), page('', { 'set-cookie': ['s=2; Path=/'] }))).toEqual([]);
  expect(compare(page('', { 'set-cookie': ['s=1; Path=/'] }), page('', { 'set-cookie': ['s=1; Path=/; HttpOnly'] }))).toHaveLength(1);
  expect(compare(page('', { 'set-cookie': ['s=1; Path=/'] }), page(''))).toHaveLength(1);
});

test('an app error is equal to a 500, and only to a 500', () => {
  expect(compare({ status: 500, exception: 'KeyError' }, { status: 500, headers: {}, body: 'Internal Server Error' })).toEqual([]);
  expect(compare({ status: 500, exception: 'KeyError' }, page('ok'))).toContain('status 500 vs ours 200');
});

test('expected pages may give parts of the body', () => {
  expect(compare({ status: 200, headers: { 'content-type': ['text/html; charset=UTF-8'] }, bodyContains: ['<h1>Hi'] }, page('<h1>Hi there'))).toEqual([]);
  expect(compare({ status: 200, headers: { 'content-type': ['text/html; charset=UTF-8'] }, bodyContains: ['<h1>Bye'] }, page('<h1>Hi there'))).toEqual(['body lacks "<h1>Bye"']);
});

test('a session cookie re-sending the state the client holds is a reissue and left out; a changed state is kept', () => {
  const cookie = recorded[0].headers['set-cookie'][0];
  expect(sessionState(cookie.split(';')[0].slice('session='.length))).toBe('{"counter":1}');
  const again = page('', { 'set-cookie': [cookie] });
  const changed = recorded[1];
  const [first, reissue, next] = withoutReissues([page('', { 'set-cookie': [cookie] }), again, changed]);
  expect(first.headers['set-cookie']).toEqual([cookie]);
  expect(reissue.headers['set-cookie']).toBeUndefined();
  expect(next.headers['set-cookie']).toEqual(changed.headers['set-cookie']);
  expect(sessionState('not-a-session')).toBeNull();
});
