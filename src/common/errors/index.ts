export * from './api-error';
export * from './error-message';
export * from './ordercloud-exception.filter';
export * from './request-body-error.middleware';
export * from './to-api-error-response';
