import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationDialect } from './migration-dialect';

/**
 * Adds to the delivery log what the delivery dashboard shows: when the event occurred and how long it
 * took to be acknowledged, the anonymous shopper, and the BullMQ job that made the attempt (PostgreSQL, SQLite).
 */
export class AddDeliveryAttemptContext1764460800000 implements MigrationInterface {
  name = 'AddDeliveryAttemptContext1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { dialect, table } = migrationDialect(queryRunner);
    const [text, timestamp] = dialect === 'postgres' ? ['character varying', 'TIMESTAMP'] : ['varchar', 'datetime'];
    const attempts = table('oc_delivery_attempts');
    // One column per statement: SQLite adds no more at a time.
    await queryRunner.query(`ALTER TABLE ${attempts} ADD COLUMN "occurred_at" ${timestamp}`);
    await queryRunner.query(`ALTER TABLE ${attempts} ADD COLUMN "latency_ms" integer`);
    await queryRunner.query(`ALTER TABLE ${attempts} ADD COLUMN "anonymous_id" ${text}(100)`);
    await queryRunner.query(`ALTER TABLE ${attempts} ADD COLUMN "job_id" ${text}(250)`);
    await queryRunner.query(`CREATE INDEX "IDX_oc_delivery_attempts_anonymous_id" ON ${attempts} ("anonymous_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const { table } = migrationDialect(queryRunner);
    const attempts = table('oc_delivery_attempts');
    // An index is named in its table's schema, as the table is.
    await queryRunner.query(`DROP INDEX ${table('IDX_oc_delivery_attempts_anonymous_id')}`);
    for (const column of ['job_id', 'anonymous_id', 'latency_ms', 'occurred_at'])
      await queryRunner.query(`ALTER TABLE ${attempts} DROP COLUMN "${column}"`);
  }
}
