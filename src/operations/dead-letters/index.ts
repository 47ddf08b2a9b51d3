export * from './dead-letter.entity';
export * from './dead-letters.controller';
export * from './dead-letters.service';
