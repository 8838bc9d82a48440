/** `pyramid-ts/paster`, as `pyramid.paster`: apps, settings and logging from an ini file. */
export { getApp, getAppSettings, setupLogging, bootstrap, type BootstrapEnv } from '../paster';
