/** `pyramid-ts/config`, as `pyramid.config`: the Configurator and its errors. */
export { Configurator, type ConfiguratorOptions } from '../config';
export { ConfigurationError, ConfigurationConflictError } from '../exceptions';
