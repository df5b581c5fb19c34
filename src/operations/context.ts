import type { Connection, Dialect, TableSpec } from '../dialects/index.js';

/**
 * Where operations run. Online (`asSql` false) each statement is executed on
 * `connection`; offline each statement's SQL text (no trailing `;`, literals inlined) is
 * passed to `emit`.
 */
export interface OperationContext {
  readonly dialect: Dialect;
  readonly connection?: Connection | null;
  readonly asSql: boolean;
  /** Offline sink: one complete statement per call, without the terminator. */
  emit(sql: string): void;
  /** The database name in a multi-database project (`''` or a name). */
  readonly database: string;
  /**
   * SQLite: turn `PRAGMA foreign_keys` off for a table rebuild when a transaction is open
   * (the pragma is a no-op inside one). Resolve to true when foreign keys are now off. The
   * rebuild calls it only when other tables reference the rebuilt table and hold rows.
   */
  foreignKeysOff?(): Promise<boolean>;
  /**
   * Read a table's current definition (e.g. the schema layer's introspection), for
   * `batchAlterTable(..., { recreate: 'always' })` on PostgreSQL/MySQL without `copyFrom`.
   * SQLite tables are read by the operations layer itself.
   */
  reflectTable?(table: string, schema: string | null): Promise<TableSpec>;
}
