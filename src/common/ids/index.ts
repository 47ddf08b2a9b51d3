export * from './generate-api-id';
export * from './time-ordered-id';
