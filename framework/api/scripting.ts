/** `pyramid-ts/scripting`, as `pyramid.scripting`. */
export { prepare, getRoot, DefaultRoot, type ScriptEnv, type RootFactory } from '../scripting';
