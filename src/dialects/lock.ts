import { RetortError } from '../util/errors.js';
import type { Connection } from './connection.js';

/** Raised when another process holds the migration lock for longer than the timeout. */
export class LockTimeoutError extends RetortError {
  override name = 'LockTimeoutError';
}

export interface MigrationLockOptions {
  /** How long to wait for another process to finish (default 60 000 ms). */
  readonly timeoutMs?: number;
  /** Lock name; use one per database/version table (default `retort_migrations`). */
  readonly key?: string;
  /** Poll interval for PostgreSQL (default 100 ms) and SQLite (default 50 ms). */
  readonly pollMs?: number;
  /**
   * SQLite only, when the lock opens the transaction: turn `PRAGMA foreign_keys` off
   * before `BEGIN IMMEDIATE` and restore it at release (default true). The pragma cannot
   * change inside a transaction, and a table rebuild with it on would run ON DELETE
   * actions on other tables' rows when the old table is dropped.
   */
  readonly sqliteForeignKeysOff?: boolean;
}

/** The release function; `openedTransaction` is true when the lock began a transaction (SQLite). */
export type ReleaseLock = (() => Promise<void>) & { readonly openedTransaction: boolean };

/**
 * Take the cross-process migration lock on a pinned connection and return its release.
 *
 * - PostgreSQL: a session advisory lock (`pg_try_advisory_lock`, polled until the timeout);
 *   it is held by this connection until `release()` or until the session ends (a crashed
 *   process never leaves it behind).
 * - MySQL/MariaDB: `GET_LOCK(name, timeout)` (session-level; same lifetime).
 * - SQLite: the database's write lock. Outside a transaction it runs `BEGIN IMMEDIATE`
 *   (retried asynchronously until the timeout, so the event loop never blocks); `release()` then commits that
 *   transaction if it is still open, so the migration runs inside it
 *   (`release.openedTransaction` is true: do not BEGIN again). It also turns
 *   `PRAGMA foreign_keys` off for the run (restored at release), as table rebuilds need.
 *   Inside a transaction it
 *   forces the write lock at once with a no-op write to the database header, so the lock
 *   lasts until that transaction ends. An in-memory database is private to its connection.
 *
 * @example
 * ```ts
 * await engine.withConnection(async (conn) => {
 *   const release = await acquireMigrationLock(conn, { timeoutMs: 60_000 });
 *   try { … } finally { await release(); }
 * });
 * ```
 */
export async function acquireMigrationLock(
  conn: Connection,
  options: MigrationLockOptions = {},
): Promise<ReleaseLock> {
  const timeoutMs = Math.max(0, options.timeoutMs ?? 60_000);
  const key = options.key ?? 'retort_migrations';
  switch (conn.dialect.name) {
    case 'postgresql':
      return postgresLock(conn, key, timeoutMs, options.pollMs ?? 100);
    case 'mysql':
      return mysqlLock(conn, key, timeoutMs);
    case 'sqlite':
      return sqliteLock(conn, timeoutMs, options.pollMs ?? 50, options.sqliteForeignKeysOff ?? true);
  }
}

function timeoutError(timeoutMs: number): LockTimeoutError {
  const s =
    timeoutMs >= 1000 && timeoutMs % 1000 === 0 ? String(timeoutMs / 1000) : (timeoutMs / 1000).toFixed(1);
  return new LockTimeoutError(
    `Could not acquire the migration lock within ${s} s; another retort process is migrating this database`,
  );
}

function release(fn: () => Promise<void>, openedTransaction: boolean): ReleaseLock {
  let done = false;
  const r = async () => {
    if (done) return;
    done = true;
    await fn();
  };
  return Object.assign(r, { openedTransaction });
}

/** A signed 64-bit key from the lock name (FNV-1a), as pg advisory locks take bigint. */
export function advisoryLockKey(name: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(name, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return BigInt.asIntN(64, h);
}

async function postgresLock(
  conn: Connection,
  name: string,
  timeoutMs: number,
  pollMs: number,
): Promise<ReleaseLock> {
  const key = advisoryLockKey(name).toString();
  // A session lock dies with its session, but a backend busy in a long statement (pg_sleep,
  // a big UPDATE) only notices that its client was killed when the statement ends; until
  // then the lock (and the transaction's table locks) outlive the process. PostgreSQL 14+
  // can poll the socket while a statement runs: turn that on for the migration session.
  // Through pg_settings so older servers (and PGlite) simply return no row.
  const { rows: checkRows } = await conn.execute(
    "SELECT setting AS previous, set_config(name, '1000', false) AS now FROM pg_settings WHERE name = 'client_connection_check_interval'",
  );
  const previousCheck = checkRows[0] ? String(checkRows[0].previous) : null;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await conn.execute(`SELECT pg_try_advisory_lock(${key}) AS locked`);
    if (rows[0]?.locked === true) break;
    if (Date.now() >= deadline) throw timeoutError(timeoutMs);
    await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
  }
  return release(async () => {
    await conn.execute(`SELECT pg_advisory_unlock(${key})`);
    if (previousCheck !== null && /^\d+$/.test(previousCheck)) {
      await conn.execute(`SELECT set_config('client_connection_check_interval', '${previousCheck}', false)`);
    }
  }, false);
}

async function mysqlLock(conn: Connection, name: string, timeoutMs: number): Promise<ReleaseLock> {
  // GET_LOCK names are server-wide: scope them to the current database.
  const { rows: dbRows } = await conn.execute('SELECT DATABASE() AS db');
  const scoped = `${String(dbRows[0]?.db ?? '')}.${name}`;
  // Lock names are limited to 64 characters.
  const lockName = scoped.length > 64 ? `retort_${advisoryLockKey(scoped).toString(16)}` : scoped;
  const { rows } = await conn.execute('SELECT GET_LOCK(?, ?) AS locked', [lockName, timeoutMs / 1000]);
  const locked = rows[0]?.locked;
  if (locked === null || locked === undefined) {
    throw new RetortError(
      'Could not acquire the migration lock: GET_LOCK returned NULL (server error or killed)',
    );
  }
  if (Number(locked) !== 1) throw timeoutError(timeoutMs);
  return release(async () => {
    await conn.execute('SELECT RELEASE_LOCK(?)', [lockName]);
  }, false);
}

async function sqliteLock(
  conn: Connection,
  timeoutMs: number,
  pollMs: number,
  foreignKeysOff: boolean,
): Promise<ReleaseLock> {
  // better-sqlite3 is synchronous: a busy_timeout wait would block the whole event loop,
  // so fail fast and poll asynchronously instead.
  const { rows } = await conn.execute('PRAGMA busy_timeout');
  const previous = Number(Object.values(rows[0] ?? {})[0] ?? 0);
  await conn.execute('PRAGMA busy_timeout = 0');
  const deadline = Date.now() + timeoutMs;
  const attempt = async (fn: () => Promise<void>): Promise<void> => {
    for (;;) {
      try {
        await fn();
        return;
      } catch (e) {
        if (!isBusy(e)) throw e;
        if (Date.now() >= deadline) throw timeoutError(timeoutMs);
        await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
      }
    }
  };
  let opened = false;
  let restoreForeignKeys = false;
  try {
    try {
      if (foreignKeysOff) {
        // A no-op inside a transaction (then the BEGIN below fails and nothing changed).
        const fk = await conn.execute('PRAGMA foreign_keys');
        if (Number(Object.values(fk.rows[0] ?? {})[0] ?? 0) === 1) {
          await conn.execute('PRAGMA foreign_keys = OFF');
          const after = await conn.execute('PRAGMA foreign_keys');
          restoreForeignKeys = Number(Object.values(after.rows[0] ?? {})[0] ?? 0) === 0;
        }
      }
      await attempt(() => conn.execute('BEGIN IMMEDIATE').then(() => undefined));
      opened = true;
    } catch (e) {
      if (!/within a transaction/i.test(String((e as Error)?.message))) throw e;
      // Already in a transaction: rewriting user_version with its own value takes the
      // RESERVED lock now, so a competing migrator waits here rather than mid-migration.
      await attempt(async () => {
        const { rows: uv } = await conn.execute('PRAGMA user_version');
        const v = Number(Object.values(uv[0] ?? {})[0] ?? 0);
        await conn.execute(`PRAGMA user_version = ${v}`);
      });
    }
  } catch (e) {
    if (restoreForeignKeys) await conn.execute('PRAGMA foreign_keys = ON');
    throw e;
  } finally {
    await conn.execute(`PRAGMA busy_timeout = ${previous}`);
  }
  if (!opened) return release(async () => {}, false);
  return release(async () => {
    try {
      await conn.execute('COMMIT');
    } catch (e) {
      // The caller already ended the transaction.
      if (!/no transaction is active/i.test(String((e as Error)?.message))) throw e;
    } finally {
      if (restoreForeignKeys) await conn.execute('PRAGMA foreign_keys = ON');
    }
  }, true);
}

function isBusy(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === 'SQLITE_BUSY' || /database is locked/i.test(String(err?.message));
}
