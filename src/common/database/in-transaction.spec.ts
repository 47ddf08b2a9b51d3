import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction, isSqliteBusy } from './in-transaction';

describe('inTransaction', () => {
  let directory: string;
  let shop: DataSource;
  let otherProcess: DataSource;

  const open = async (path: string) => {
    const dataSource = new DataSource({ type: 'better-sqlite3', database: path, enableWAL: true });
    return dataSource.initialize();
  };

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'in-transaction-'));
    const path = join(directory, 'shop.sqlite');
    shop = await open(path);
    await shop.query('CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    otherProcess = await open(path);
  });

  afterEach(async () => {
    await otherProcess.destroy();
    await shop.destroy();
    rmSync(directory, { recursive: true, force: true });
  });

  /** The other connection takes the write lock and keeps it `ms` before it commits. */
  async function holdWriteLock(ms: number): Promise<{ committed: Promise<void> }> {
    await otherProcess.query('BEGIN IMMEDIATE');
    await otherProcess.query(`INSERT INTO rows (body) VALUES ('other')`);
    const committed = new Promise<void>((resolve, reject) =>
      setTimeout(() => otherProcess.query('COMMIT').then(() => resolve(), reject), ms),
    );
    return { committed };
  }

  const readThenWrite = async (manager: EntityManager) => {
    await manager.query('SELECT COUNT(*) AS count FROM rows');
    await manager.query(`INSERT INTO rows (body) VALUES ('shop')`);
    return 'done';
  };

  const bodies = async () => ((await shop.query('SELECT body FROM rows ORDER BY body')) as Array<{ body: string }>).map((row) => row.body);

  it('is needed: a plain transaction that reads and then writes is refused at once while another connection writes', async () => {
    const { committed } = await holdWriteLock(200);
    const error = await shop.transaction(readThenWrite).catch((caught: unknown) => caught);
    await committed;

    expect(isSqliteBusy(error)).toBe(true);
    expect(await bodies()).toEqual(['other']);
  });

  it('tries the transaction again until the other connection has committed', async () => {
    const { committed } = await holdWriteLock(200);
    await expect(inTransaction(shop, readThenWrite)).resolves.toBe('done');
    await committed;

    expect(await bodies()).toEqual(['other', 'shop']);
  });

  it('tries again when another connection committed between its read and its write', async () => {
    let calls = 0;
    const work = async (manager: EntityManager) => {
      calls++;
      await manager.query('SELECT COUNT(*) AS count FROM rows');
      if (calls === 1) await otherProcess.query(`INSERT INTO rows (body) VALUES ('other')`);
      await manager.query(`INSERT INTO rows (body) VALUES ('shop')`);
    };

    await inTransaction(shop, work);

    expect(calls).toBe(2);
    expect(await bodies()).toEqual(['other', 'shop']);
  });

  it('tries the outermost transaction again, not a nested one, which would be refused for as long as the outer one is open', async () => {
    let outerRuns = 0;
    let nestedRuns = 0;
    const { committed } = await holdWriteLock(200);
    await inTransaction(shop, async (manager) => {
      outerRuns++;
      await manager.query('SELECT COUNT(*) AS count FROM rows');
      await inTransaction(shop, async (nested) => {
        nestedRuns++;
        await nested.query(`INSERT INTO rows (body) VALUES ('shop')`);
      });
    });
    await committed;

    expect(outerRuns).toBeGreaterThan(1);
    expect(nestedRuns).toBe(outerRuns);
    expect(await bodies()).toEqual(['other', 'shop']);
  });

  it('gives up after about 3 s of refusals, with the database error', async () => {
    const { committed } = await holdWriteLock(6_000);
    const startedAt = Date.now();
    const error = await inTransaction(shop, readThenWrite).catch((caught: unknown) => caught);
    const tookMs = Date.now() - startedAt;
    await committed;

    expect(isSqliteBusy(error)).toBe(true);
    expect(tookMs).toBeGreaterThanOrEqual(2_500);
    expect(await bodies()).toEqual(['other']);
  });

  it('runs the work once when it fails for another reason', async () => {
    const work = jest.fn(async (manager: EntityManager) => {
      await manager.query('INSERT INTO missing_table (body) VALUES (1)');
    });

    await expect(inTransaction(shop, work)).rejects.toThrow(/no such table/);
    expect(work).toHaveBeenCalledTimes(1);
  });
});
