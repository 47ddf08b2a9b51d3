export * from './generate-api-id';
