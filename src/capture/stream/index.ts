export * from './capture-stream';
