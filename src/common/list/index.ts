export * from './list-definition';
export * from './list-query';
export * from './list-query.applier';
export * from './list-query.parser';
