/** `pyramid-ts/scripting`, as `pyramid.scripting`. */
export { prepare, getRoot, DefaultRootFactory, type ScriptEnv, type RootFactory } from '../scripting';
