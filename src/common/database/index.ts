export * from './constraint-violation';
export * from './in-transaction';
export * from './connection-turns';
