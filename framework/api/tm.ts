/** `pyramid-ts/tm`, as `pyramid_tm`: each request in a transaction, committed or aborted with it. */
export { includeme, tmTweenFactory, defaultCommitVeto, explicitManager, createTm, isTmActive, TM_TWEEN, type CommitVeto, type ManagerHook, type ActivateHook } from '../tm';
