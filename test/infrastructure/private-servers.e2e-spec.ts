import { Client } from 'pg';
import { MissingServerBinaryError, startRunPostgres, startRunRedis } from '../support/private-servers';
import { answers } from '../../sample-app/local-redis';

describe("The test run's own servers", () => {
  it('runs the suite against private servers unless told otherwise, never the default ports', () => {
    for (const url of [process.env.TEST_REDIS_URL, process.env.TEST_POSTGRES_URL].filter(Boolean)) {
      expect(['6379', '5432']).not.toContain(new URL(url!).port);
    }
  });

  it('starts a PostgreSQL cluster with a database test on a free port, and removes it', async () => {
    const postgres = await startRunPostgres();
    const client = new Client({ connectionString: postgres.url });
    await client.connect();
    expect((await client.query('SELECT current_database() AS name')).rows).toEqual([{ name: 'test' }]);
    await client.end();
    postgres.stopNow();
    expect(await answers(Number(new URL(postgres.url).port))).toBe(false);
  });

  it('stops at once, naming the package to install, when a server binary is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startRunRedis()).rejects.toThrow(MissingServerBinaryError);
      await expect(startRunRedis()).rejects.toThrow(
        'The tests start a private redis-server and found none installed. Fix: apt-get install redis-server (Debian/Ubuntu) or brew install redis (macOS), or point TEST_REDIS_URL / TEST_POSTGRES_URL at running servers.',
      );
    } finally {
      process.env.PATH = path;
    }
  });
});
