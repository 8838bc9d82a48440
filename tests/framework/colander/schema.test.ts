/**
 * Schemas as colander's (the forms step's `WikiPage(colander.MappingSchema)`): required fields,
 * defaults, types turning posted strings into values, validators, and the messages a form shows
 * beside each field, in colander's words.
 */
import * as colander from '../../../framework/api/colander';
import { Email, Integer, Invalid, Length, MappingSchema, OneOf, Range, SchemaNode, String } from '../../../framework/colander';

/** A mapping schema of the given named children. */
function mapping(children: Record<string, SchemaNode>): SchemaNode {
  return new (MappingSchema(children))();
}

function errorsOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (error: unknown) {
    if (error instanceof Invalid) return error.asdict();
    throw error;
  }
  throw new Error('expected Invalid');
}

// the forms step's schema, declared as in Python
class WikiPageSchema extends colander.MappingSchema({
  title: new colander.SchemaNode(new colander.String()),
  body: new colander.SchemaNode(new colander.String()),
}) {}
const WikiPage = () => new WikiPageSchema();

test('a complete submission deserializes to its values', () => {
  expect(WikiPage().deserialize({ title: 'Page', body: '<p>x</p>', submit: 'submit' })).toEqual({ title: 'Page', body: '<p>x</p>' });
});

test('an empty or absent field is "Required", each under its name', () => {
  expect(errorsOf(() => WikiPage().deserialize({ title: '', body: 'x' }))).toEqual({ title: 'Required' });
  expect(errorsOf(() => WikiPage().deserialize({}))).toEqual({ title: 'Required', body: 'Required' });
});

test('missing makes a field optional; titles default from names as colander makes them', () => {
  const schema = mapping({ nick_NAME: new SchemaNode(new String(), { missing: 'anon' }) });
  expect(schema.deserialize({ nick_NAME: '' })).toEqual({ nick_NAME: 'anon' });
  expect(schema.children[0].title).toBe('Nick Name');
  expect(schema.children[0].required).toBe(false);
});

test('types and validators speak colander\'s messages', () => {
  const schema = mapping({
    age: new SchemaNode(new Integer(), { validator: Range({ min: 0, max: 150 }) }),
    name: new SchemaNode(new String(), { validator: Length({ min: 3, max: 5 }) }),
    color: new SchemaNode(new String(), { validator: OneOf(['red', 'green']) }),
  });
  expect(schema.deserialize({ age: ' 42 ', name: 'Anna', color: 'red' })).toEqual({ age: 42, name: 'Anna', color: 'red' });
  expect(errorsOf(() => schema.deserialize({ age: 'abc', name: 'Al', color: 'blue' }))).toEqual({
    age: '"abc" is not a number',
    name: 'Shorter than minimum length 3',
    color: '"blue" is not one of red, green',
  });
  expect(errorsOf(() => schema.deserialize({ age: '200', name: 'Annabel', color: 'red' }))).toEqual({
    age: '200 is greater than maximum value 150',
    name: 'Longer than maximum length 5',
  });
});

test('the fields given to MappingSchema become its children in order, named and titled after the fields', () => {
  const schema = WikiPage();
  expect(schema.children.map((c) => [c.name, c.title])).toEqual([['title', 'Title'], ['body', 'Body']]);
  expect(colander.null).toBe(colander.nullValue);
  expect(schema.serialize(colander.null)).toEqual({ title: colander.null, body: colander.null });
  expect(schema.serialize({ title: 'T', body: 3 })).toEqual({ title: 'T', body: '3' });
});

test('Email, Boolean and colander.drop', () => {
  const schema = mapping({
    email: new SchemaNode(new String(), { validator: Email() }),
    ok: new SchemaNode(new colander.Boolean()),
    extra: new SchemaNode(new String(), { missing: colander.drop }),
  });
  expect(schema.deserialize({ email: 'a@b.example', ok: 'false' })).toEqual({ email: 'a@b.example', ok: false });
  expect(errorsOf(() => schema.deserialize({ email: 'not an address', ok: 'true' }))).toEqual({ email: 'Invalid email address' });
});

test('nested mappings report dotted paths', () => {
  const schema = mapping({ person: mapping({ name: new SchemaNode(new String()) }) });
  expect(errorsOf(() => schema.deserialize({ person: { name: '' } }))).toEqual({ 'person.name': 'Required' });
});
