/** `pyramid-ts/debugtoolbar`, as `pyramid_debugtoolbar`: the debug toolbar, its panels, the exception page, and the hook a database layer reports queries through. */
export * from '../debugtoolbar';
