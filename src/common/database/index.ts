export * from './constraint-violation';
