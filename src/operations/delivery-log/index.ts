export * from './delivery-attempt.entity';
export * from './delivery-log.service';
export * from './delivery-log.writer';
