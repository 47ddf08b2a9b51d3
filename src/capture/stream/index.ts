export * from './capture-stream';
export * from './capture-stream-relay';
