/**
 * Schemas as colander's (the forms step's `WikiPage(colander.MappingSchema)`): required fields,
 * defaults, types turning posted strings into values, validators, and the messages a form shows
 * beside each field, in colander's words.
 */
import { Integer, Invalid, Length, MappingSchema, OneOf, Range, SchemaNode, String } from '../../../framework/forms';

function errorsOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (error) {
    if (error instanceof Invalid) return error.asdict();
    throw error;
  }
  throw new Error('expected Invalid');
}

// the forms step's schema
const WikiPage = () => MappingSchema({
  title: new SchemaNode(new String()),
  body: new SchemaNode(new String()),
});

test('a complete submission deserializes to its values', () => {
  expect(WikiPage().deserialize({ title: 'Page', body: '<p>x</p>', submit: 'submit' })).toEqual({ title: 'Page', body: '<p>x</p>' });
});

test('an empty or absent field is "Required", each under its name', () => {
  expect(errorsOf(() => WikiPage().deserialize({ title: '', body: 'x' }))).toEqual({ title: 'Required' });
  expect(errorsOf(() => WikiPage().deserialize({}))).toEqual({ title: 'Required', body: 'Required' });
});

test('missing makes a field optional; titles default from names as colander makes them', () => {
  const schema = MappingSchema({ nick_NAME: new SchemaNode(new String(), { missing: 'anon' }) });
  expect(schema.deserialize({ nick_NAME: '' })).toEqual({ nick_NAME: 'anon' });
  expect(schema.children[0].title).toBe('Nick Name');
  expect(schema.children[0].required).toBe(false);
});

test('types and validators speak colander\'s messages', () => {
  const schema = MappingSchema({
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

test('nested mappings report dotted paths', () => {
  const schema = MappingSchema({ person: MappingSchema({ name: new SchemaNode(new String()) }) });
  expect(errorsOf(() => schema.deserialize({ person: { name: '' } }))).toEqual({ 'person.name': 'Required' });
});
