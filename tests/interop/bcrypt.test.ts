/**
 * Passwords hashed here (bcryptjs) check in Python's bcrypt, and the reverse, so a user table
 * shared with a Python Pyramid app (the Quick Tutorial's hash_password/check_password) works
 * from both. Python's hashes are committed (fixtures/python-bcrypt.json) and made afresh live.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { askPython, describeWithPyramid } from './pyramid';

const PASSWORDS = ['editor', 'viewer', '', 'sékrèt ☃ 😀', 'p@ss w0rd!"\\', 'x'.repeat(72), 'y'.repeat(100)];
const FIXTURE = join(__dirname, 'fixtures', 'python-bcrypt.json');

/** Python's bcrypt: hash each password (cost 4, to keep the test quick), or check [password, hash] pairs. */
function python(script: string, input: unknown): any {
  return askPython('python bcrypt', ['-c', script], JSON.stringify(input));
}
const HASH = 'import bcrypt,json,sys; print(json.dumps([[p, bcrypt.hashpw(p.encode("utf8"), bcrypt.gensalt(4)).decode()] for p in json.load(sys.stdin)]))';
const CHECK = 'import bcrypt,json,sys; print(json.dumps([bcrypt.checkpw(p.encode("utf8"), h.encode()) for p, h in json.load(sys.stdin)]))';

describe("Python's bcrypt hashes check here (committed)", () => {
  const pairs: Array<[string, string]> = JSON.parse(readFileSync(FIXTURE, 'utf-8')).pairs;

  test.each(pairs)('%j', (password, hash) => {
    expect(hash).toMatch(/^\$2b\$/);
    expect(bcrypt.compareSync(password, hash)).toBe(true);
    expect(bcrypt.compareSync(password + 'x', hash)).toBe(password.length >= 72);
  });
});

describeWithPyramid("live: Python's bcrypt", () => {
  test('checks the hashes we make, and refuses them for another password', () => {
    const ours = PASSWORDS.map((p) => [p, bcrypt.hashSync(p, 4)]);
    expect(python(CHECK, ours)).toEqual(PASSWORDS.map(() => true));
    expect(python(CHECK, ours.map(([p, h]) => ['?' + p.slice(1), h]))).toEqual(PASSWORDS.map(() => false));
  });

  test('makes hashes we check', () => {
    for (const [password, hash] of python(HASH, PASSWORDS)) expect(bcrypt.compareSync(password, hash)).toBe(true);
  });
});
