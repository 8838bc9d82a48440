/** `pyramid-ts/multidict`, as `webob.multidict`. */
export { MultiDict, NestedMultiDict } from '../multidict';
