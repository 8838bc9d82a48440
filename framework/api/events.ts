/** `pyramid-ts/events`, as `pyramid.events`: the events the framework announces, and `@subscriber`. */
export { NewRequest, BeforeTraversal, ContextFound, NewResponse, BeforeRender, ApplicationCreated, type Subscriber, type SubscriberPredicate } from '../events';
export { subscriber, type SubscriberFor } from '../decorators';
