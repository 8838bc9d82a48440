/** `pyramid-ts/traversal`, as `pyramid.traversal`. */
export { traverse, lineage, findRoot, findResource, resourcePath, resourcePathTuple, virtualRoot, DefaultRootFactory, KeyError, type Resource, type RootFactory, type TraversalResult } from '../traversal';
