import { CommandError } from '../util/errors.js';
import type { RuntimeConnection, RuntimeDialect, VersionAction } from './contracts.js';
import { tableExists } from './table-exists.js';

/** Where the version table lives. */
export interface VersionTableOptions {
  /** Table name; Alembic's default `alembic_version`. */
  name?: string;
  /** Schema (PostgreSQL schema, MySQL database, attached SQLite database); default none. */
  schema?: string | null;
}

// Words SQLAlchemy would quote; a version table named like one of these must be quoted.
const RESERVED = new Set([
  'all',
  'alter',
  'and',
  'any',
  'as',
  'asc',
  'between',
  'by',
  'case',
  'check',
  'column',
  'constraint',
  'create',
  'cross',
  'default',
  'delete',
  'desc',
  'distinct',
  'drop',
  'else',
  'end',
  'except',
  'exists',
  'foreign',
  'from',
  'full',
  'group',
  'having',
  'in',
  'index',
  'inner',
  'insert',
  'intersect',
  'into',
  'is',
  'join',
  'key',
  'left',
  'like',
  'limit',
  'not',
  'null',
  'offset',
  'on',
  'or',
  'order',
  'outer',
  'primary',
  'references',
  'right',
  'select',
  'set',
  'table',
  'then',
  'to',
  'union',
  'unique',
  'update',
  'user',
  'using',
  'values',
  'when',
  'where',
  'with',
]);

/**
 * Quotes an identifier only when it needs quoting, as SQLAlchemy does, so the version-table
 * SQL is byte-for-byte what Alembic writes for the default names.
 */
export function quoteIfNeeded(dialect: RuntimeDialect, name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name)) return name;
  return dialect.quoteIdentifier(name);
}

/**
 * The Alembic-compatible version table: `version_num VARCHAR(32) NOT NULL` with a primary
 * key named `<table>_pkc`, one row per current head.
 *
 * @example
 * const vt = new VersionTable(engine.dialect, { name: 'alembic_version' });
 * await engine.withConnection(async (conn) => vt.readHeads(conn)); // [] when missing
 */
export class VersionTable {
  readonly name: string;
  readonly schema: string | null;
  readonly #dialect: RuntimeDialect;

  constructor(dialect: RuntimeDialect, options: VersionTableOptions = {}) {
    this.#dialect = dialect;
    this.name = options.name ?? 'alembic_version';
    this.schema = options.schema ?? null;
  }

  /** The table reference as it appears in SQL (`schema.alembic_version`). */
  get qualifiedName(): string {
    const table = quoteIfNeeded(this.#dialect, this.name);
    return this.schema ? `${quoteIfNeeded(this.#dialect, this.schema)}.${table}` : table;
  }

  /** `CREATE TABLE` in SQLAlchemy's layout (what Alembic prints in `--sql` mode), no terminator. */
  createSql(): string {
    const pk = quoteIfNeeded(this.#dialect, `${this.name}_pkc`);
    return (
      `CREATE TABLE ${this.qualifiedName} (\n` +
      '    version_num VARCHAR(32) NOT NULL, \n' +
      `    CONSTRAINT ${pk} PRIMARY KEY (version_num)\n` +
      ')'
    );
  }

  insertSql(revision: string): string {
    return `INSERT INTO ${this.qualifiedName} (version_num) VALUES (${this.#dialect.literal(revision)})`;
  }

  updateSql(from: string, to: string): string {
    const t = this.qualifiedName;
    return `UPDATE ${t} SET version_num=${this.#dialect.literal(to)} WHERE ${t}.version_num = ${this.#dialect.literal(from)}`;
  }

  deleteSql(revision: string): string {
    const t = this.qualifiedName;
    return `DELETE FROM ${t} WHERE ${t}.version_num = ${this.#dialect.literal(revision)}`;
  }

  deleteAllSql(): string {
    return `DELETE FROM ${this.qualifiedName}`;
  }

  /** The SQL statement(s) for one head-maintainer action. */
  actionSql(action: VersionAction): string {
    switch (action.kind) {
      case 'insert':
        return this.insertSql(action.revision);
      case 'update':
        return this.updateSql(action.from, action.to);
      case 'delete':
        return this.deleteSql(action.revision);
    }
  }

  /** Whether the table exists; reads the catalog only (never fails a PostgreSQL transaction). */
  async exists(conn: RuntimeConnection): Promise<boolean> {
    return tableExists(conn, this.#dialect, this.name, this.schema);
  }

  /** Creates the table when it is missing. Returns whether it created it. */
  async ensure(conn: RuntimeConnection): Promise<boolean> {
    if (await this.exists(conn)) return false;
    await conn.execute(this.createSql());
    return true;
  }

  /** The revision ids in the table, in row order; `[]` when the table does not exist. Never writes. */
  async readHeads(conn: RuntimeConnection): Promise<string[]> {
    if (!(await this.exists(conn))) return [];
    const result = await conn.execute(`SELECT ${this.qualifiedName}.version_num FROM ${this.qualifiedName}`);
    return result.rows.map((row) => String(row.version_num));
  }

  /**
   * Applies one action online. UPDATE and DELETE must match exactly one row where the driver
   * reports reliable row counts: Alembic's guard against two deploys moving the same head.
   */
  async apply(conn: RuntimeConnection, action: VersionAction): Promise<void> {
    const result = await conn.execute(this.actionSql(action));
    if (action.kind === 'insert' || !this.#dialect.supportsSaneRowcount) return;
    if (result.numAffectedRows === undefined) return;
    const n = Number(result.numAffectedRows);
    if (n === 1) return;
    if (action.kind === 'update') {
      throw new CommandError(
        `Online migration expected to match one row when updating '${action.from}' to '${action.to}' in '${this.name}'; ${n} found`,
      );
    }
    throw new CommandError(
      `Online migration expected to match one row when deleting '${action.revision}' in '${this.name}'; ${n} found`,
    );
  }

  /** Removes every row (`stamp --purge`). */
  async purge(conn: RuntimeConnection): Promise<void> {
    await conn.execute(this.deleteAllSql());
  }
}
