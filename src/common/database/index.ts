export * from './constraint-violation';
export * from './insert-statement';
export * from './sqlite-writer-thread';
