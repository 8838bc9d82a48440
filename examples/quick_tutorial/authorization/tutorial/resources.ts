import { Allow, Everyone, type ACL } from 'pyramid-ts/authorization';


export class Root {
  __acl__: ACL = [[Allow, Everyone, 'view'],
                  [Allow, 'group:editors', 'edit']];

  constructor(request: unknown) {
  }
}
