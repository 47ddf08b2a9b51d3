import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The sample shop's API clients and users, through TypeORM's database-neutral schema builder. */
export class CreateSampleAuthTables1764201700000 implements MigrationInterface {
  name = 'CreateSampleAuthTables1764201700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sample_api_clients',
        columns: [
          { name: 'id', type: 'varchar', length: '100', isPrimary: true, primaryKeyConstraintName: 'PK_sample_api_clients' },
          { name: 'app_name', type: 'varchar', length: '100' },
          { name: 'allow_anonymous', type: 'boolean' },
          { name: 'allowed_user_types', type: 'text' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sample_users',
        columns: [
          { name: 'id', type: 'varchar', length: '100', isPrimary: true, primaryKeyConstraintName: 'PK_sample_users' },
          { name: 'username', type: 'varchar', length: '100' },
          { name: 'password_hash', type: 'varchar', length: '200' },
          { name: 'user_type', type: 'varchar', length: '20' },
          { name: 'roles', type: 'text' },
          { name: 'first_name', type: 'varchar', length: '100' },
          { name: 'last_name', type: 'varchar', length: '100' },
          { name: 'email', type: 'varchar', length: '200' },
          { name: 'active', type: 'boolean' },
        ],
        uniques: [{ name: 'UQ_sample_users_username', columnNames: ['username'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sample_users');
    await queryRunner.dropTable('sample_api_clients');
  }
}
