/** `pyramid-ts/httpexceptions`, as `pyramid.httpexceptions`: every HTTP* class, `exceptionResponse`. */
export * from '../httpexceptions';
