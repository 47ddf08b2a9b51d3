export * from './workers-in-thread';
export * from './workers-thread';
export * from './workers-thread.error';
