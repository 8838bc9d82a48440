export { TransactionManager, manager, bindManager, currentManager, implicitJoinHazard, noteAppWithoutManager, get, begin, commit, abort, doom, isDoomed } from './manager';
export { Transaction, Status } from './transaction';
export { type DataManager, TransientError, TransactionFailedError, DoomedTransaction, NoTransaction, AlreadyInTransaction } from './interfaces';
