export * from './constraint-violation';
export * from './bulk-insert';
