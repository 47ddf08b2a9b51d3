import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';
import { withConnectionTurn } from './connection-turns';
import { inTransaction } from './in-transaction';

describe('withConnectionTurn', () => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    await dataSource.query('CREATE TABLE rows (body TEXT NOT NULL)');
  });

  afterEach(async () => {
    await dataSource.destroy();
  });

  const insert = (manager: Pick<EntityManager, 'query'>, body: string) => manager.query('INSERT INTO rows (body) VALUES (?)', [body]);
  const bodies = async () =>
    ((await dataSource.query('SELECT body FROM rows ORDER BY body')) as Array<{ body: string }>).map((row) => row.body);

  /** A transaction that writes, waits `ms` with the transaction open (as a request awaiting something), then fails. */
  const failingAfter = (ms: number, run: (work: (manager: EntityManager) => Promise<void>) => Promise<void>) =>
    run(async (manager) => {
      await insert(manager, 'failed');
      await sleep(ms);
      throw new Error('the request failed');
    }).catch((error: Error) => error.message);

  it("is needed: on TypeORM's one SQLite connection, a rollback undoes the writes of other requests made while it was open", async () => {
    const failed = failingAfter(60, (work) => dataSource.transaction(work));
    await sleep(10);
    await dataSource.transaction((manager) => insert(manager, 'committed'));
    await insert(dataSource, 'written');

    expect(await failed).toBe('the request failed');
    expect(await bodies()).toEqual([]);
  });

  it('is needed: transactions started in the same turn of the event loop each begin, and they fail', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 3 }, (_, n) => dataSource.transaction((manager) => insert(manager, `row ${n}`))),
    );
    const refusals = outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => String(outcome.reason));

    expect(refusals.length).toBeGreaterThanOrEqual(2);
    expect(refusals).toContainEqual(expect.stringContaining('cannot start a transaction within a transaction'));
  });

  it('runs transactions started in the same turn of the event loop one after another', async () => {
    await Promise.all(Array.from({ length: 3 }, (_, n) => inTransaction(dataSource, (manager) => insert(manager, `row ${n}`))));

    expect(await bodies()).toEqual(['row 0', 'row 1', 'row 2']);
  });

  it('keeps the writes of other transactions and turns when a transaction in a turn rolls back', async () => {
    const failed = failingAfter(60, (work) => inTransaction(dataSource, work));
    await sleep(10);
    await inTransaction(dataSource, (manager) => insert(manager, 'committed'));
    await withConnectionTurn(dataSource, () => insert(dataSource, 'written'));

    expect(await failed).toBe('the request failed');
    expect(await bodies()).toEqual(['committed', 'written']);
  });

  it('runs turns one at a time, in the order they were asked for', async () => {
    const events: string[] = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        inTransaction(dataSource, async (manager) => {
          events.push(`start ${n}`);
          await insert(manager, `row ${n}`);
          await sleep(n % 3);
          events.push(`end ${n}`);
        }),
      ),
    );

    expect(events).toEqual(Array.from({ length: 12 }, (_, n) => [`start ${n}`, `end ${n}`]).flat());
    expect(await bodies()).toHaveLength(12);
  });

  it("runs work started inside a turn's work in that turn: a nested transaction is a savepoint of the turn's", async () => {
    await inTransaction(dataSource, async (manager) => {
      await insert(manager, 'outer');
      await withConnectionTurn(dataSource, () => insert(dataSource, 'joined'));
      await inTransaction(dataSource, async (nested) => {
        await insert(nested, 'nested, rolled back');
        throw new Error('the nested part failed');
      }).catch(() => undefined);
    });

    expect(await bodies()).toEqual(['joined', 'outer']);
  });

  it("gives background work a turn of its own even when it starts inside another turn's work", async () => {
    let background: Promise<unknown> | undefined;
    const failed = failingAfter(30, (work) =>
      inTransaction(dataSource, async (manager) => {
        background = withConnectionTurn(dataSource, () => insert(dataSource, 'background'), { background: true });
        await work(manager);
      }),
    );

    expect(await failed).toBe('the request failed');
    await background;
    expect(await bodies()).toEqual(['background']);
  });

  it('waits for a transaction opened without a turn to end before it runs', async () => {
    const failed = failingAfter(60, (work) => dataSource.transaction(work));
    await sleep(10);
    await withConnectionTurn(dataSource, () => insert(dataSource, 'written'));

    expect(await failed).toBe('the request failed');
    expect(await bodies()).toEqual(['written']);
  });

  it('runs at last inside a transaction opened without a turn that waits for it, instead of waiting for ever', async () => {
    await dataSource.transaction(async (manager) => {
      await insert(manager, 'host');
      await withConnectionTurn(dataSource, () => insert(dataSource, 'library'));
    });

    expect(await bodies()).toEqual(['host', 'library']);
  });

  it('runs at last inside the turn of work that awaits it from there, after a wait, instead of waiting for ever', async () => {
    const started = Date.now();
    await inTransaction(dataSource, async (manager) => {
      await insert(manager, 'host');
      await withConnectionTurn(dataSource, () => insert(dataSource, 'background'), { background: true });
    });

    expect(Date.now() - started).toBeGreaterThanOrEqual(9_900);
    expect(await bodies()).toEqual(['background', 'host']);
  }, 20_000);

  it('runs work at once on a database with a connection per transaction', async () => {
    const postgres = new DataSource({ type: 'postgres' });
    const events: string[] = [];
    const work = async (name: string) => {
      events.push(`start ${name}`);
      await sleep(20);
      events.push(`end ${name}`);
    };
    await Promise.all([withConnectionTurn(postgres, () => work('a')), withConnectionTurn(postgres, () => work('b'))]);

    expect(events).toEqual(['start a', 'start b', 'end a', 'end b']);
  });
});
