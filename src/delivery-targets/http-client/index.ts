export * from './target-http-client';
