export * from './intake-recorder';
export * from './request-context';
export * from './request-yielding';
export * from './track-event.decorator';
export * from './track-event.explorer';
export * from './tracking-event.publisher';
export * from './outbox';
export * from './stream';
