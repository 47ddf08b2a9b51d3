export * from './http-envelope';
export * from './http-signature';
export * from './http.target';
export * from './http-config';
