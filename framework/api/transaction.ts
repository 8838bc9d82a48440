/** `pyramid-ts/transaction`, as Python's `transaction` package: managers, transactions, data managers joining a two-phase commit. */
export * from '../transaction';
