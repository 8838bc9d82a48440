/** `pyramid-ts/waitress`, as `waitress.serve`: serve an app from a plain script. */
export { serve, type ServeOptions } from '../waitress';
