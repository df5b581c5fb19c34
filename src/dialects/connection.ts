import { CompiledQuery, type Kysely } from 'kysely';
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
export function connectionFromPinnedKysely(dialect: Dialect, kysely: Kysely<any>): Connection {
  return {
    dialect,
    kysely,
    async execute(sql: string, params: readonly unknown[] = []): Promise<ExecuteResult> {
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

/** better-sqlite3 binds only numbers, strings, bigints, buffers and null. */
function toSqliteValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return formatDateLiteral(value);
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value);
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value;
}
