export * from './kafka-config';
export * from './kafka-producer-client';
export * from './kafka-record';
export * from './kafka-settings';
export * from './kafka.target';
