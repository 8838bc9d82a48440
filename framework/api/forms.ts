/** `pyramid-ts/forms`, as colander: schemas that turn posted form data into values or field-by-field messages. */
export * from '../forms';
