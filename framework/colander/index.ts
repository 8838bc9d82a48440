export { SchemaNode, MappingSchema, SequenceSchema, type SchemaNodeOptions } from './schema';
export { Invalid, required, nullValue, nullValue as null, drop } from './invalid';
export { String, Integer, Float, Boolean, Set, Sequence, Mapping, type SchemaType } from './types';
export { Length, Range, OneOf, NoneOf, ContainsOnly, Email, Regex, Function, All, type Validator } from './validators';
