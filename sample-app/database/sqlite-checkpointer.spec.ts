import { Logger } from '@nestjs/common';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { SqliteCheckpointer, SqliteCheckpointerOptions } from './sqlite-checkpointer';

const ROW = 'x'.repeat(400);

describe('SqliteCheckpointer', () => {
  let directory: string;
  let path: string;
  let dataSource: DataSource;
  let checkpointer: SqliteCheckpointer | undefined;

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'sqlite-checkpointer-'));
    path = join(directory, 'shop.sqlite');
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: path,
      enableWAL: true,
      prepareDatabase: (connection: { pragma(source: string): unknown }) => {
        connection.pragma('synchronous = NORMAL');
      },
    });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  });

  afterEach(async () => {
    await checkpointer?.beforeApplicationShutdown();
    checkpointer = undefined;
    if (dataSource.isInitialized) await dataSource.destroy();
    rmSync(directory, { recursive: true, force: true });
    jest.restoreAllMocks();
  });

  async function start(options: Partial<SqliteCheckpointerOptions> = {}): Promise<SqliteCheckpointer> {
    checkpointer = new SqliteCheckpointer(dataSource, { path, ...options });
    await checkpointer.onApplicationBootstrap();
    return checkpointer;
  }

  async function autocheckpointPages(): Promise<number> {
    const [row] = (await dataSource.query('PRAGMA wal_autocheckpoint')) as Array<{ wal_autocheckpoint: number }>;
    return row.wal_autocheckpoint;
  }

  async function insertRows(count: number): Promise<void> {
    for (let i = 0; i < count; i += 100) {
      const values = Array.from({ length: Math.min(100, count - i) }, () => '(?)').join(', ');
      await dataSource.query(
        `INSERT INTO rows (body) VALUES ${values}`,
        Array.from({ length: Math.min(100, count - i) }, () => ROW),
      );
    }
  }

  async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const fileBytes = (file: string) => statSync(file, { throwIfNoEntry: false })?.size ?? 0;

  it('checkpoints from its thread while the shop connection checkpoints itself only past the log bound', async () => {
    await start({ intervalMs: 50 });
    expect(await autocheckpointPages()).toBe(16_384);
    const before = fileBytes(path);

    // 2000 rows of 400 bytes: about 200 pages, all in the log until something checkpoints them.
    await insertRows(2_000);

    await waitFor(() => fileBytes(path) > before + 500_000, 'the database file to take the rows');
    const [{ count }] = (await dataSource.query('SELECT COUNT(*) AS count FROM rows')) as Array<{ count: number }>;
    expect(count).toBe(2_000);
  });

  it('cuts the log back when writes never let it restart', async () => {
    await start({ intervalMs: 10, maxLogPages: 50 });
    let largest = 0;
    let cutBack = false;
    // Until the first cut back, for 15 s at most on a slow machine.
    const until = Date.now() + 15_000;
    let written = 0;
    while (!cutBack && Date.now() < until) {
      await insertRows(100);
      written += 100;
      const size = fileBytes(`${path}-wal`);
      if (size < largest) cutBack = true;
      largest = Math.max(largest, size);
      await new Promise((resolve) => setImmediate(resolve));
    }

    // A restarted log is rewritten from its start but keeps its size: only a truncation makes the file smaller.
    expect(cutBack).toBe(true);
    const [{ count }] = (await dataSource.query('SELECT COUNT(*) AS count FROM rows')) as Array<{ count: number }>;
    expect(count).toBe(written);
  });

  it('never refuses a transaction that reads and then writes, however long the log', async () => {
    await start({ intervalMs: 10, maxLogPages: 50 });
    // About 200 pages: past the bound, so the log is due to be cut back while the transactions below read.
    await insertRows(2_000);
    const refusals: string[] = [];
    for (let round = 0; round < 20; round++) {
      try {
        await dataSource.transaction(async (manager) => {
          await manager.query('SELECT COUNT(*) AS count FROM rows');
          // The thread checkpoints meanwhile: a write lock it held now would refuse the insert below at once.
          await new Promise((resolve) => setTimeout(resolve, 30));
          await manager.query('INSERT INTO rows (body) VALUES (?)', [ROW]);
        });
      } catch (error) {
        refusals.push((error as Error).message);
      }
    }

    expect(refusals).toEqual([]);
    const [{ count }] = (await dataSource.query('SELECT COUNT(*) AS count FROM rows')) as Array<{ count: number }>;
    expect(count).toBe(2_020);
  });

  it('gives checkpoints back to the shop connection when it stops', async () => {
    const started = await start();
    await started.beforeApplicationShutdown();
    checkpointer = undefined;

    expect(await autocheckpointPages()).toBe(1000);
    // The last connection to close checkpoints the log into the file and removes it.
    await insertRows(100);
    await dataSource.destroy();
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('gives checkpoints back to the shop connection when its thread dies, and says so', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const started = await start();
    expect(await autocheckpointPages()).toBe(16_384);

    await (started as unknown as { worker: Worker }).worker.terminate();

    await waitFor(async () => (await autocheckpointPages()) === 1000, 'the connection to checkpoint itself again');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('checkpoints are back on the event loop'));
  });

  it('leaves checkpoints to the shop connection when its thread cannot open the database', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await start({ path: join(directory, 'missing.sqlite') });

    expect(await autocheckpointPages()).toBe(1000);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('the checkpoint thread did not start'));
  });
});
