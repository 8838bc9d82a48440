/**
 * `pyramid-ts/colander`, as Python's colander: schemas that turn posted form data into values or
 * field-by-field messages. `import * as colander from 'pyramid-ts/colander'`.
 */
export * from '../colander';
