import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { migratedSqliteDataSource } from '../../migrations/sqlite-data-source.fixtures';
import { SqliteWriterThread, WRITER_THREAD_NICENESS } from './sqlite-writer-thread';

describe('SqliteWriterThread', () => {
  let directory: string;
  const dataSources: DataSource[] = [];
  const threads: SqliteWriterThread[] = [];

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'sqlite-writer-'));
  });

  afterEach(async () => {
    await Promise.all(threads.splice(0).map((thread) => thread.close()));
    await Promise.all(dataSources.splice(0).map((dataSource) => dataSource.destroy()));
    rmSync(directory, { recursive: true, force: true });
  });

  async function database(file?: { enableWAL: boolean }): Promise<DataSource> {
    const dataSource = await migratedSqliteDataSource(file && { path: join(directory, 'shop.sqlite'), enableWAL: file.enableWAL });
    dataSources.push(dataSource);
    return dataSource;
  }

  async function openThread(dataSource: DataSource): Promise<SqliteWriterThread> {
    const thread = await SqliteWriterThread.open(dataSource);
    if (!thread) throw new Error('no writer thread');
    threads.push(thread);
    return thread;
  }

  const link = (anonymousId: string) => ({
    sql: 'INSERT INTO "oc_identity_links" ("user_id", "anonymous_id", "linked_at") VALUES (?, ?, ?)',
    parameters: ['buyer01', anonymousId, '2026-11-27 10:00:00.000'],
  });
  const linkedIds = async (dataSource: DataSource) =>
    ((await dataSource.query('SELECT "anonymous_id" AS id FROM "oc_identity_links" ORDER BY 1')) as Array<{ id: string }>).map(
      (row) => row.id,
    );

  it('runs a batch of statements in one transaction, which the application then reads', async () => {
    const dataSource = await database({ enableWAL: true });
    const thread = await openThread(dataSource);

    await thread.write([link('anon-1'), link('anon-2')]);
    expect(await linkedIds(dataSource)).toEqual(['anon-1', 'anon-2']);
  });

  it('rejects a batch that fails with the database error and keeps none of it, then goes on writing', async () => {
    const dataSource = await database({ enableWAL: true });
    const thread = await openThread(dataSource);
    await thread.write([link('anon-1')]);

    await expect(thread.write([link('anon-2'), link('anon-1')])).rejects.toThrow(/UNIQUE constraint failed/);
    expect(await linkedIds(dataSource)).toEqual(['anon-1']);

    await thread.write([link('anon-3')]);
    expect(await linkedIds(dataSource)).toEqual(['anon-1', 'anon-3']);
  });

  it('is not opened for a database in memory or one not in WAL mode', async () => {
    await expect(SqliteWriterThread.open(await database())).resolves.toBeUndefined();
    await expect(SqliteWriterThread.open(await database({ enableWAL: false }))).resolves.toBeUndefined();
  });

  it('keeps a process alive while a write is in flight, and not once the thread is idle', async () => {
    const script = `
      const { DataSource } = require('typeorm');
      const { SqliteWriterThread } = require(${JSON.stringify(require.resolve('./sqlite-writer-thread'))});
      (async () => {
        const dataSource = await new DataSource({ type: 'better-sqlite3', database: process.argv[1], enableWAL: true }).initialize();
        await dataSource.query('CREATE TABLE notes (text varchar)');
        const thread = await SqliteWriterThread.open(dataSource);
        await thread.write([{ sql: 'INSERT INTO notes VALUES (?)', parameters: ['idle'] }]);
        void thread.write([{ sql: 'INSERT INTO notes VALUES (?)', parameters: ['in flight'] }]);
      })();
    `;
    const path = join(directory, 'alive.sqlite');
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', script, path], {
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(await readNotes(path)).toEqual(['idle', 'in flight']);
  });

  (process.platform === 'linux' ? it : it.skip)('runs at a lower priority than the event loop, which keeps its own', async () => {
    const before = niceValuesOfThreads();
    await openThread(await database({ enableWAL: true }));
    const after = niceValuesOfThreads();

    const eventLoop = after.get(process.pid)!;
    expect(eventLoop).toBe(before.get(process.pid));
    const started = [...after].filter(([thread]) => !before.has(thread)).map(([, nice]) => nice - eventLoop);
    expect(WRITER_THREAD_NICENESS).toBe(5);
    expect(started).toContain(WRITER_THREAD_NICENESS);
  });

  it('writes nothing more once closed', async () => {
    const thread = await openThread(await database({ enableWAL: true }));
    await thread.close();

    expect(thread.running).toBe(false);
    await expect(thread.write([link('anon-1')])).rejects.toThrow(/exited/);
  });
});

async function readNotes(path: string): Promise<string[]> {
  const dataSource = await new DataSource({ type: 'better-sqlite3', database: path }).initialize();
  try {
    return ((await dataSource.query('SELECT text FROM notes')) as Array<{ text: string }>).map((row) => row.text);
  } finally {
    await dataSource.destroy();
  }
}

/** Each thread of this process (by ID; the main thread's is the process's) and its nice value (/proc/<pid>/task/<tid>/stat, field 19). */
function niceValuesOfThreads(): Map<number, number> {
  const values = new Map<number, number>();
  for (const thread of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${thread}/stat`, 'utf8');
    values.set(Number(thread), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return values;
}
