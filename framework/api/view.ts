/** `pyramid-ts/view`, as `pyramid.view`: the view decorators. */
export { viewConfig, viewDefaults, notFoundViewConfig, forbiddenViewConfig, exceptionViewConfig } from '../decorators';
