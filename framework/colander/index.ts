export { SchemaNode, MappingSchema, type SchemaNodeOptions } from './schema';
export { Invalid, required, nullValue, nullValue as null, drop } from './invalid';
export { String, Integer, Boolean, Set, Mapping, type SchemaType } from './types';
export { Length, Range, OneOf, Email, All, type Validator } from './validators';
