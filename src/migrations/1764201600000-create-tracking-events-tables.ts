import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationDialect } from './migration-dialect';

/** Creates `oc_delivery_configs` and `oc_tracking_events` (PostgreSQL, SQLite). */
export class CreateTrackingEventsTables1764201600000 implements MigrationInterface {
  name = 'CreateTrackingEventsTables1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { dialect, table } = migrationDialect(queryRunner);
    if (dialect === 'postgres') {
      await queryRunner.query(
        `CREATE TABLE ${table('oc_delivery_configs')} ("id" character varying(100) NOT NULL, "name" character varying(128) NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "delivery_targets" text NOT NULL, "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_oc_delivery_configs" PRIMARY KEY ("id"))`,
      );
      await queryRunner.query(
        `CREATE TABLE ${table('oc_tracking_events')} ("id" character varying(100) NOT NULL, "event_type" character varying(32) NOT NULL, "client_id" character varying(100) NOT NULL, "name" character varying(128) NOT NULL, "config_data" text, "delivery_config_id" character varying(100) NOT NULL, "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_oc_tracking_events_client_event_type" UNIQUE ("client_id", "event_type"), CONSTRAINT "PK_oc_tracking_events" PRIMARY KEY ("id"))`,
      );
      await queryRunner.query(
        `CREATE INDEX "IDX_oc_tracking_events_delivery_config_id" ON ${table('oc_tracking_events')} ("delivery_config_id")`,
      );
      await queryRunner.query(
        `ALTER TABLE ${table('oc_tracking_events')} ADD CONSTRAINT "FK_oc_tracking_events_delivery_config" FOREIGN KEY ("delivery_config_id") REFERENCES ${table('oc_delivery_configs')}("id") ON DELETE RESTRICT ON UPDATE CASCADE`,
      );
    } else {
      await queryRunner.query(
        `CREATE TABLE "oc_delivery_configs" ("id" varchar(100) PRIMARY KEY NOT NULL, "name" varchar(128) NOT NULL, "enabled" boolean NOT NULL DEFAULT (1), "delivery_targets" text NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`,
      );
      await queryRunner.query(
        `CREATE TABLE "oc_tracking_events" ("id" varchar(100) PRIMARY KEY NOT NULL, "event_type" varchar(32) NOT NULL, "client_id" varchar(100) NOT NULL, "name" varchar(128) NOT NULL, "config_data" text, "delivery_config_id" varchar(100) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_oc_tracking_events_client_event_type" UNIQUE ("client_id", "event_type"), CONSTRAINT "FK_oc_tracking_events_delivery_config" FOREIGN KEY ("delivery_config_id") REFERENCES "oc_delivery_configs" ("id") ON DELETE RESTRICT ON UPDATE CASCADE)`,
      );
      await queryRunner.query(`CREATE INDEX "IDX_oc_tracking_events_delivery_config_id" ON "oc_tracking_events" ("delivery_config_id")`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const { table } = migrationDialect(queryRunner);
    await queryRunner.query(`DROP TABLE ${table('oc_tracking_events')}`);
    await queryRunner.query(`DROP TABLE ${table('oc_delivery_configs')}`);
  }
}
