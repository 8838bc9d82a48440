/**
 * `pyramid-ts/chameleon`, as the `chameleon` package (and markupsafe's `Markup`): page templates
 * compiled from `.pt` files or strings, the lookup a registry's `.pt` renderer uses
 * (`templateLookup(request.registry).get(file)`, Pyramid's `get_renderer(...).implementation()`),
 * and `Markup` for HTML that must not be escaped.
 */
export { PageTemplate, PageTemplateFile, TemplateLookup, Markup, TemplateError, templateLookup } from '../chameleon';
