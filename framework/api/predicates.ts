/** `pyramid-ts/predicates`: what a custom predicate factory receives and makes. */
export type { PredicateFactory, PredicateInfo, PredicateObject } from '../predicates';
