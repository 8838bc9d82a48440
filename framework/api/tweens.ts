/** `pyramid-ts/tweens`, as `pyramid.tweens`: the tween chain's fixed points and the excview tween. */
export { INGRESS, MAIN, EXCVIEW, type Handler, type TweenFactory } from '../tweens';
export { excviewTweenFactory } from '../router';
