import bcrypt from 'bcryptjs';
import { AuthTktCookieHelper, type AuthTktIdentity } from 'pyramid-ts/authentication';
import type { Request } from 'pyramid-ts/request';


export function hashPassword(pw: string): string {
  const pwhash = bcrypt.hashSync(pw, bcrypt.genSaltSync(12));
  return pwhash;
}

export async function checkPassword(pw: string, hashedPw: string): Promise<boolean> {
  return bcrypt.compare(pw, hashedPw);
}


// A Map, not an object: a login such as "constructor" must not find anything.
export const USERS = new Map([
  ['editor', hashPassword('editor')],
  ['viewer', hashPassword('viewer')],
]);


export class SecurityPolicy {
  authtkt: AuthTktCookieHelper;

  constructor(secret: string) {
    this.authtkt = new AuthTktCookieHelper(secret);
  }

  identity(request: Request): AuthTktIdentity | null {
    const identity = this.authtkt.identify(request);
    if (identity !== null && USERS.has(identity.userid as string)) {
      return identity;
    }
    return null;
  }

  authenticatedUserid(request: Request): string | null {
    const identity = this.identity(request);
    if (identity !== null) {
      return identity.userid as string;
    }
    return null;
  }

  remember(request: Request, userid: string, kw: Record<string, any> = {}) {
    return this.authtkt.remember(request, userid, kw);
  }

  forget(request: Request, kw: Record<string, any> = {}) {
    return this.authtkt.forget(request);
  }

  permits(request: Request, context: unknown, permission: string) {
    return this.authenticatedUserid(request) !== null;
  }
}
