export * from './library-redis';
export * from './redis-availability';
export * from './redis-connection';
