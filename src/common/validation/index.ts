export * from './property-decorators';
export * from './validate-model';
export * from './json-limits';
export * from './request-body-check.middleware';
export * from './fastify-request-body.hook';
export * from './request-url-check.interceptor';
