export { SchemaNode, MappingSchema, Invalid, String, Integer, Mapping, Length, Range, OneOf, required, nullValue, type SchemaType, type SchemaNodeOptions, type Validator } from './schema';
