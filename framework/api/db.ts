/**
 * `pyramid-ts/db`, as SQLAlchemy's engines with `zope.sqlalchemy`: `engineFromConfig(settings,
 * 'sqlalchemy.')` and a `DbSession` (Kysely) joined to the transaction manager.
 */
export * from '../db';
export { sql, type Generated, type Insertable, type Selectable, type Updateable, type Kysely } from 'kysely';
