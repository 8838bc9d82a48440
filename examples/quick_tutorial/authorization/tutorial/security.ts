import bcrypt from 'bcryptjs';
import { AuthTktCookieHelper, type AuthTktIdentity } from 'pyramid-ts/authentication';
import {
  ACLHelper,
  Authenticated,
  Everyone,
} from 'pyramid-ts/authorization';
import type { Request } from 'pyramid-ts/request';


export function hashPassword(pw: string): string {
  const pwhash = bcrypt.hashSync(pw, bcrypt.genSaltSync(12));
  return pwhash;
}

export async function checkPassword(pw: string, hashedPw: string): Promise<boolean> {
  return bcrypt.compare(pw, hashedPw);
}


// Maps, not objects: a login such as "constructor" must not find anything.
export const USERS = new Map([
  ['editor', hashPassword('editor')],
  ['viewer', hashPassword('viewer')],
]);
export const GROUPS = new Map([['editor', ['group:editors']]]);


export class SecurityPolicy {
  authtkt: AuthTktCookieHelper;
  acl: ACLHelper;

  constructor(secret: string) {
    this.authtkt = new AuthTktCookieHelper(secret);
    this.acl = new ACLHelper();
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
    const principals = this.effectivePrincipals(request);
    return this.acl.permits(context, principals, permission);
  }

  effectivePrincipals(request: Request): string[] {
    let principals = [Everyone];
    const userid = this.authenticatedUserid(request);
    if (userid !== null) {
      principals = [...principals, Authenticated, 'u:' + userid];
      principals = [...principals, ...(GROUPS.get(userid) ?? [])];
    }
    return principals;
  }
}
