/** `pyramid-ts/viewderivers`, as `pyramid.viewderivers`: the chain's ends and the deriver types. */
export { INGRESS, VIEW, type ViewDeriver, type ViewDeriverInfo } from '../derivers';
