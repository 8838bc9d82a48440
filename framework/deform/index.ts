export { Form, Button, type FormOptions, type ButtonOptions } from './form';
export { Field, counter, type FieldOptions } from './field';
export { ValidationFailure, TemplateError } from './exception';
export { zptRendererFactory, defaultRenderer, templatesDir, BOOLEAN_HTML_ATTRS, type Renderer } from './template';
export { parse as peppercornParse, PeppercornError } from './peppercorn';
export * as widget from './widget';
