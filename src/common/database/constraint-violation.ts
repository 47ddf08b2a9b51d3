import { QueryFailedError } from 'typeorm';

/** A write refused by a database constraint, told apart so that it becomes the right API error. */
export interface ConstraintViolation {
  kind: 'primary-key' | 'unique' | 'foreign-key';
  /** Constraint name (PostgreSQL) or the constrained columns (SQLite), for telling constraints apart. */
  detail: string;
}

/**
 * Recognises constraint violations of PostgreSQL and SQLite. The admin API checks first and
 * answers precisely; this covers the write that raced another between the check and the insert.
 */
export function asConstraintViolation(error: unknown): ConstraintViolation | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: string; constraint?: string; message?: string };
  switch (driverError.code) {
    case '23505':
      return {
        kind: driverError.constraint?.startsWith('PK_') ? 'primary-key' : 'unique',
        detail: driverError.constraint ?? '',
      };
    case '23503':
      return { kind: 'foreign-key', detail: driverError.constraint ?? '' };
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return { kind: 'primary-key', detail: driverError.message ?? '' };
    case 'SQLITE_CONSTRAINT_UNIQUE':
      return { kind: 'unique', detail: driverError.message ?? '' };
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return { kind: 'foreign-key', detail: driverError.message ?? '' };
    default:
      return undefined;
  }
}
