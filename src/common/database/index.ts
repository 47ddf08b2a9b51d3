export * from './constraint-violation';
export * from './in-transaction';
export * from './connection-turns';
export * from './fit-to-column';
