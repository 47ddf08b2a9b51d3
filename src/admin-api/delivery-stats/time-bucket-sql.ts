import type { DataSource } from 'typeorm';
import type { StatsSpan } from './stats-window';

/** An SQL expression and the parameters it names. */
export interface SqlExpression {
  sql: string;
  parameters: Record<string, unknown>;
}

/**
 * SQL numbering the bucket of the span a timestamp column falls in (0 for the first). Each column is
 * compared with the span's start as the driver writes it, so the time zone the database stores
 * timestamps in cancels out. PostgreSQL and SQLite compute it, from the difference rounded to whole
 * milliseconds (a day fraction in floating point lands a hair short of a bucket's edge); other databases
 * compare the column with each bucket's start.
 */
export function timeBucketSql(dataSource: DataSource, column: string, span: StatsSpan): SqlExpression {
  const from = new Date(span.from);
  switch (dataSource.options.type) {
    case 'postgres':
      return {
        sql: `FLOOR(ROUND(EXTRACT(EPOCH FROM (${column} - CAST(:spanFrom AS TIMESTAMP))) * 1000) / ${span.bucketMs})`,
        parameters: { spanFrom: from },
      };
    case 'better-sqlite3':
      return {
        sql: `CAST(ROUND((julianday(${column}) - julianday(:spanFrom)) * 86400000) / ${span.bucketMs} AS INTEGER)`,
        parameters: { spanFrom: from },
      };
    default:
      return comparedTimeBucketSql(column, span);
  }
}

/** The bucket by comparing the column with each bucket's start: any SQL database. */
export function comparedTimeBucketSql(column: string, span: StatsSpan): SqlExpression {
  const parameters: Record<string, unknown> = {};
  const cases: string[] = [];
  for (let bucket = span.buckets - 1; bucket > 0; bucket--) {
    parameters[`bucketStart${bucket}`] = new Date(span.from + bucket * span.bucketMs);
    cases.push(`WHEN ${column} >= :bucketStart${bucket} THEN ${bucket}`);
  }
  return { sql: `CASE ${cases.join(' ')} ELSE 0 END`, parameters };
}
