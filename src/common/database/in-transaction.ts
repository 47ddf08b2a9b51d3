import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { inOpenTurn, withConnectionTurn } from './connection-turns';

/**
 * The pauses before each new try of a transaction SQLite refused as busy: about 3 s in all, longer than
 * another process's commits hold the write lock.
 */
const BUSY_RETRY_DELAYS_MS = [10, 20, 40, 80, 160, 320, 640, 1280];

/**
 * Runs `work` in a transaction that, on SQLite, is safe beside the process's other requests:
 * - it runs in a turn of its own on the process's one connection (`withConnectionTurn`), so that
 *   concurrent transactions do not nest in each other and one's rollback does not undo another's writes;
 * - it is tried again when SQLite refuses it as busy. A transaction that has read and then writes while
 *   another connection (a worker process, say) holds the write lock is refused at once, without SQLite's
 *   busy timeout: the only way on is to roll back and start again.
 * Elsewhere it is `dataSource.transaction(work)`. Inside another transaction's `work` it is a savepoint,
 * tried once: a refusal there is the outer transaction's, which the outermost `inTransaction` tries again.
 */
export async function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (inOpenTurn(dataSource)) return dataSource.transaction(work);
  const attempt = () => withConnectionTurn(dataSource, () => dataSource.transaction(work));
  for (const delayMs of BUSY_RETRY_DELAYS_MS) {
    try {
      return await attempt();
    } catch (error) {
      if (!isSqliteBusy(error)) throw error;
      await sleep(delayMs);
    }
  }
  return attempt();
}

/** `SQLITE_BUSY` and its extended codes (`SQLITE_BUSY_SNAPSHOT`, …): "database is locked". */
export function isSqliteBusy(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const { code } = error.driverError as { code?: unknown };
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
