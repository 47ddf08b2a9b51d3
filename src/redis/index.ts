export * from './library-redis';
export * from './redis-availability';
export * from './redis-connection';
export * from './redis-unavailable.error';
export * from './redis-clients';
export * from './transient-redis-error';
