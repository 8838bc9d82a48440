/**
 * `.pt` templates with Chameleon's semantics, compiled to JavaScript: see README's "Templates".
 */
export { PageTemplate, PageTemplateFile, TemplateLookup, Macro, Macros } from './template';
export { Markup, escapeText, escapeAttr, RepeatDict, RepeatItem } from './runtime';
export { TemplateError } from './errors';
export { PyException } from './pyruntime';
export { chameleonRendererFactory, templateLookup } from './renderer';
