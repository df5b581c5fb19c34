import { CompiledQuery, type Kysely } from '../vendor/kysely.js';
import { formatDateLiteral } from './base-dialect.js';
import type { Dialect } from './dialect.js';

/** Rows and row count of one statement. */
export interface ExecuteResult {
  readonly rows: Record<string, unknown>[];
  readonly numAffectedRows?: bigint;
}

/** One pinned database connection: every statement runs on the same session. */
export interface Connection {
  readonly dialect: Dialect;
  /** Kysely bound to this one connection (temp tables, locks and transactions are shared). */
  readonly kysely: Kysely<any>;
  execute(sql: string, params?: readonly unknown[]): Promise<ExecuteResult>;
}

/**
 * Wrap a Kysely instance that is already pinned to one connection (the `db` inside
 * `kysely.connection().execute(db => …)`).
 */
export function connectionFromPinnedKysely(
  dialect: Dialect,
  kysely: Kysely<any>,
  rawSqlite?: RawSqliteDatabase | null,
): Connection {
  return {
    dialect,
    kysely,
    async execute(sql: string, params: readonly unknown[] = []): Promise<ExecuteResult> {
      if (rawSqlite && params.length === 0 && isRowlessSqliteDdl(sql)) {
        // Kysely's SQLite driver prepares a statement object per call and runs it through
        // its executor, mutex and result mapping: for a migration's DDL (thousands of
        // one-shot CREATE TABLE/INDEX statements) that is most of retort's overhead over
        // the raw driver. On a database retort opened itself and has pinned, `exec` runs
        // the same single statement; the result is what Kysely reports for it.
        rawSqlite.exec(sql);
        return { rows: [], numAffectedRows: 0n };
      }
      const values =
        dialect.name === 'sqlite'
          ? params.map(toSqliteValue)
          : params.map((p) => (p === undefined ? null : p));
      const result = await kysely.executeQuery(CompiledQuery.raw(sql, values));
      return {
        rows: result.rows as Record<string, unknown>[],
        ...(result.numAffectedRows !== undefined ? { numAffectedRows: result.numAffectedRows } : {}),
      };
    },
  };
}

/** The part of a better-sqlite3 `Database` the DDL fast path uses. */
export interface RawSqliteDatabase {
  exec(sql: string): unknown;
}

/**
 * One CREATE TABLE/INDEX or DROP INDEX statement: never returns rows and never changes
 * rows (so the row count Kysely would report is 0). A `;` (a second statement, a trigger
 * body) or a SELECT (CREATE TABLE … AS) falls back to the normal path, so errors and
 * results stay exactly those of Kysely's prepare-and-run.
 */
function isRowlessSqliteDdl(sql: string): boolean {
  return ROWLESS_DDL.test(sql) && !sql.includes(';') && !/select/i.test(sql);
}
const ROWLESS_DDL = /^\s*(?:CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX)|DROP\s+INDEX)\s/i;

/** better-sqlite3 binds only numbers, strings, bigints, buffers and null. */
function toSqliteValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return formatDateLiteral(value);
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value);
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value;
}
