export * from './api-error-responses';
export * from './list-page.schema';
export * from './swagger';
