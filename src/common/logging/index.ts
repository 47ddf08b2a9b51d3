export * from './log-with-fields';
