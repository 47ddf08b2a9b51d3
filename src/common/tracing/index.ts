export * from './attempt-span';
export * from './trace-context';
