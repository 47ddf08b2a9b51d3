export * from './message-sender-config';
export * from './message-sender.target';
