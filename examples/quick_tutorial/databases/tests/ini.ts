// What the step's tests share.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const STEP = path.join(__dirname, '..');

/**
 * development.ini as it ships, but for its database: a copy beside it (so that `egg:tutorial`
 * is this step) whose `sqlalchemy.url` is `url`. Returns the copy's path; remove it after.
 */
export function iniWithDatabase(name: string, url: string): string {
  const ini = path.join(STEP, `test-${name}-${process.pid}.ini`);
  const text = fs.readFileSync(path.join(STEP, 'development.ini'), 'utf8')
    .replace(/^sqlalchemy\.url = .*$/m, `sqlalchemy.url = ${url}`);
  fs.writeFileSync(ini, text);
  return ini;
}

/** A deform form's post as the browser sends it: deform's hidden fields, the fields, the button. */
export function wikiForm(title: string, body: string): Record<string, string> {
  return { _charset_: 'UTF-8', __formid__: 'deform', title, body, submit: 'submit' };
}
