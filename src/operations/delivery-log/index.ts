export * from './delivery-attempt.entity';
export * from './delivery-attempts.controller';
export * from './delivery-log.service';
export * from './delivery-log.writer';
