export * from './constraint-violation';
export * from './in-transaction';
