import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationDialect } from './migration-dialect';

/** Creates `oc_identity_links`: anonymous shopper ID ↔ user ID (PostgreSQL, SQLite). */
export class CreateIdentityLinks1764288000000 implements MigrationInterface {
  name = 'CreateIdentityLinks1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { dialect, table } = migrationDialect(queryRunner);
    if (dialect === 'postgres') {
      await queryRunner.query(
        `CREATE TABLE ${table('oc_identity_links')} ("user_id" character varying(100) NOT NULL, "anonymous_id" character varying(100) NOT NULL, "linked_at" TIMESTAMP NOT NULL, CONSTRAINT "PK_oc_identity_links" PRIMARY KEY ("user_id", "anonymous_id"))`,
      );
    } else {
      await queryRunner.query(
        `CREATE TABLE "oc_identity_links" ("user_id" varchar(100) NOT NULL, "anonymous_id" varchar(100) NOT NULL, "linked_at" datetime NOT NULL, PRIMARY KEY ("user_id", "anonymous_id"))`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const { table } = migrationDialect(queryRunner);
    await queryRunner.query(`DROP TABLE ${table('oc_identity_links')}`);
  }
}
