import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationDialect } from './migration-dialect';

/** Creates the outbox, the dead letters and the delivery log (PostgreSQL, SQLite). */
export class CreateReliabilityTables1764374400000 implements MigrationInterface {
  name = 'CreateReliabilityTables1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { dialect, table } = migrationDialect(queryRunner);
    const [text, timestamp] = dialect === 'postgres' ? ['character varying', 'TIMESTAMP'] : ['varchar', 'datetime'];
    const primaryKey = (name: string, column: string) => (dialect === 'postgres' ? `, CONSTRAINT "${name}" PRIMARY KEY ("${column}")` : '');
    // SQLite declares a single-column primary key on the column, PostgreSQL as a named constraint.
    const inline = dialect === 'postgres' ? '' : ' PRIMARY KEY';

    await queryRunner.query(
      `CREATE TABLE ${table('oc_event_outbox')} ("event_id" ${text}(100)${inline} NOT NULL, "event" text NOT NULL, "created_at" ${timestamp} NOT NULL${primaryKey('PK_oc_event_outbox', 'event_id')})`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_oc_event_outbox_created_at" ON ${table('oc_event_outbox')} ("created_at")`);

    await queryRunner.query(
      `CREATE TABLE ${table('oc_dead_letters')} ("delivery_id" ${text}(250)${inline} NOT NULL, "event_id" ${text}(100) NOT NULL, "event_type" ${text}(32) NOT NULL, "order_id" ${text}(100), "tracking_event_id" ${text}(100) NOT NULL, "delivery_config_id" ${text}(100) NOT NULL, "target_type" ${text}(50) NOT NULL, "message" text NOT NULL, "attempts" text NOT NULL, "last_error" ${text}(1000) NOT NULL, "failed_at" ${timestamp} NOT NULL, "replayed_at" ${timestamp}${primaryKey('PK_oc_dead_letters', 'delivery_id')})`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_oc_dead_letters_delivery_config_id" ON ${table('oc_dead_letters')} ("delivery_config_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_oc_dead_letters_failed_at" ON ${table('oc_dead_letters')} ("failed_at")`);

    await queryRunner.query(
      `CREATE TABLE ${table('oc_delivery_attempts')} ("id" ${text}(36)${inline} NOT NULL, "delivery_id" ${text}(250) NOT NULL, "event_id" ${text}(100) NOT NULL, "event_type" ${text}(32) NOT NULL, "order_id" ${text}(100), "user_id" ${text}(100), "tracking_event_id" ${text}(100) NOT NULL, "delivery_config_id" ${text}(100) NOT NULL, "target_type" ${text}(50) NOT NULL, "attempt" integer NOT NULL, "outcome" ${text}(16) NOT NULL, "http_status" integer, "duration_ms" integer NOT NULL, "detail" ${text}(500), "attempted_at" ${timestamp} NOT NULL${primaryKey('PK_oc_delivery_attempts', 'id')})`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_oc_delivery_attempts_attempted_at" ON ${table('oc_delivery_attempts')} ("attempted_at")`);
    await queryRunner.query(`CREATE INDEX "IDX_oc_delivery_attempts_event_id" ON ${table('oc_delivery_attempts')} ("event_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_oc_delivery_attempts_order_id" ON ${table('oc_delivery_attempts')} ("order_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const { table } = migrationDialect(queryRunner);
    for (const name of ['oc_delivery_attempts', 'oc_dead_letters', 'oc_event_outbox']) await queryRunner.query(`DROP TABLE ${table(name)}`);
  }
}
