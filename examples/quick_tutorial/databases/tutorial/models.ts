import { Allow, Everyone } from 'pyramid-ts/authorization';

import {
  type Engine,
  type Generated,
  scopedSession,
} from 'pyramid-ts/db';


export interface Page {
  uid: Generated<number>;
  title: string | null;
  body: string | null;
}

/** The tables, as Kysely types them (SQLAlchemy's declarative Base). */
export interface Tables {
  wikipages: Page;
}

export const DBSession = scopedSession<Tables>();


/** `Base.metadata.create_all(engine)`: the wikipages table, if it is not there yet. */
export async function createAll(engine: Engine) {
  await engine.connect<Tables>().schema
    .createTable('wikipages').ifNotExists()
    .addColumn('uid', engine.dialectName === 'postgresql' ? 'serial' : 'integer', (col) => col.primaryKey())
    .addColumn('title', 'text', (col) => col.unique())
    .addColumn('body', 'text')
    .execute();
}


export class Root {
  __acl__ = [[Allow, Everyone, 'view'],
             [Allow, 'group:editors', 'edit']];

  constructor(request: unknown) {
    void request;
  }
}
