import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { E_TIMEOUT, Mutex, MutexInterface, withTimeout } from 'async-mutex';
import type { DataSource } from 'typeorm';
import { TRACKING_EVENTS_LOGGER_CONTEXT } from '../../tracking-events.constants';

/**
 * TypeORM's drivers that run every query of a process on one connection (the SQLite family). There,
 * concurrent transactions nest as savepoints of whichever opened first, and a statement run meanwhile
 * joins it: when that transaction rolls back, their writes are undone with it, though they reported
 * success.
 */
const ONE_CONNECTION_DRIVERS = new Set<string>([
  'better-sqlite3',
  'sqlite',
  'sqljs',
  'capacitor',
  'cordova',
  'expo',
  'nativescript',
  'react-native',
]);

/**
 * How long work waits for its turn before it runs anyway, inside whatever is open: so long a wait means
 * that a turn's work awaits work that needs a turn of its own (background work, or work started from a
 * context that does not carry the turn), which would otherwise wait for ever.
 */
const TURN_WAIT_MS = 10_000;
/** How long a turn waits for a transaction that was opened without one (`dataSource.transaction` called directly). */
const UNTURNED_TRANSACTION_WAIT_MS = 1_000;

interface Turn {
  open: boolean;
}

interface ConnectionTurns {
  mutex: MutexInterface;
  current: AsyncLocalStorage<Turn>;
}

const turnsByDataSource = new WeakMap<DataSource, ConnectionTurns>();
const logger = new Logger(TRACKING_EVENTS_LOGGER_CONTEXT);

export interface ConnectionTurnOptions {
  /**
   * Work done for many callers at once (a batch of delivery log rows, of captured events): it takes a
   * turn of its own even when started from inside another turn's work, whose rollback must not undo it.
   */
  background?: boolean;
}

/**
 * Runs `work` in a turn of its own on the process's database connection, where TypeORM has one (SQLite):
 * no other transaction is open while it runs, so its writes neither join another's transaction nor are
 * undone by its rollback. Turns are taken in the order asked for. Work started from inside a turn's work
 * runs in that turn (a nested transaction is a savepoint of the turn's, as it should be), unless it is
 * `background` work. On databases with a connection per transaction (PostgreSQL, MySQL, …) the work
 * runs at once.
 */
export async function withConnectionTurn<T>(
  dataSource: DataSource,
  work: () => Promise<T>,
  { background = false }: ConnectionTurnOptions = {},
): Promise<T> {
  if (!ONE_CONNECTION_DRIVERS.has(dataSource.options.type)) return work();
  const turns = turnsOf(dataSource);
  if (!background && inOpenTurn(dataSource)) return work();
  let release: MutexInterface.Releaser;
  try {
    release = await turns.mutex.acquire();
  } catch (error) {
    if (error !== E_TIMEOUT) throw error;
    logger.warn(
      `Work on the SQLite connection waited ${TURN_WAIT_MS / 1000} s for its turn and now runs inside whatever transaction is open: ` +
        'does a transaction await work that needs a turn of its own, or do transactions queue for that long?',
    );
    return work();
  }
  const turn: Turn = { open: true };
  try {
    await untilNoTransactionIsOpen(dataSource);
    return await turns.current.run(turn, work);
  } finally {
    turn.open = false;
    release();
  }
}

/** Whether this code runs inside the work of a turn that is still open (on a one-connection database). */
export function inOpenTurn(dataSource: DataSource): boolean {
  return turnsByDataSource.get(dataSource)?.current.getStore()?.open === true;
}

function turnsOf(dataSource: DataSource): ConnectionTurns {
  let turns = turnsByDataSource.get(dataSource);
  if (!turns) {
    turns = { mutex: withTimeout(new Mutex(), TURN_WAIT_MS), current: new AsyncLocalStorage() };
    turnsByDataSource.set(dataSource, turns);
  }
  return turns;
}

/** On the SQLite drivers, `createQueryRunner()` answers the connection's one query runner. */
async function untilNoTransactionIsOpen(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  const deadline = Date.now() + UNTURNED_TRANSACTION_WAIT_MS;
  while (runner.isTransactionActive && Date.now() < deadline) await sleep(1);
}
