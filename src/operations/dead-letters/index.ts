export * from './dead-letter.entity';
export * from './dead-letters.service';
