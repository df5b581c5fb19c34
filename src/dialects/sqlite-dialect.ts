import { RetortError } from '../util/errors.js';
import {
  BaseDialect,
  isLiteralDefault,
  primaryKeyColumns,
  type TableCompileOptions,
} from './base-dialect.js';
import type { AlterColumnNode } from './ddl-nodes.js';
import type { ColumnSpec, ConstraintSpec, ForeignKeySpec, TableSpec } from './schema-nodes.js';

/** Alembic's text for constraint ALTERs on SQLite. */
export const SQLITE_CONSTRAINT_ALTER_MESSAGE =
  'No support for ALTER of constraints in SQLite dialect. Please refer to the batch mode feature which allows for SQLite migrations using a copy-and-move strategy.';

/**
 * Raised when SQLite would need a table rebuild for a DDL node. Online, the operations
 * layer rebuilds the table instead; offline it reports the error.
 */
export class SqliteRebuildRequiredError extends RetortError {
  override name = 'SqliteRebuildRequiredError';
}

/** SQLite through better-sqlite3. DDL is transactional; ALTER is limited (see rebuilds). */
export class SqliteDialect extends BaseDialect {
  readonly name = 'sqlite' as const;
  readonly transactionalDdl = true;
  readonly supportsSaneRowcount = true;
  protected readonly identifierQuote = '"';

  protected override booleanLiteral(value: boolean): string {
    return value ? '1' : '0';
  }

  protected genericTypes(): Record<string, string> {
    return {
      boolean: 'BOOLEAN',
      bool: 'BOOLEAN',
      json: 'JSON',
      jsonb: 'JSON',
      uuid: 'CHAR(36)',
      datetime: 'DATETIME',
      timestamp: 'DATETIME',
      timestamptz: 'DATETIME',
      text: 'TEXT',
      string: 'VARCHAR',
      integer: 'INTEGER',
      int: 'INTEGER',
      bigint: 'BIGINT',
      smallint: 'SMALLINT',
      float: 'FLOAT',
      double: 'DOUBLE',
      real: 'REAL',
      date: 'DATE',
      time: 'TIME',
      blob: 'BLOB',
      binary: 'BLOB',
      bytes: 'BLOB',
      numeric: 'NUMERIC',
      decimal: 'NUMERIC',
    };
  }

  /** SQLite wants parentheses around any default that is not a plain literal. */
  override compileDefault(expression: string): string {
    return isLiteralDefault(expression) ? expression.trim() : `(${expression.trim()})`;
  }

  protected override columnType(column: ColumnSpec, opts: { rawTypes?: boolean }): string {
    // Only the exact type name INTEGER makes a single-column primary key the rowid alias.
    if (column.autoincrement) return 'INTEGER';
    return super.columnType(column, opts);
  }

  protected override inlinesPrimaryKey(table: TableSpec, opts: TableCompileOptions): boolean {
    return opts.sqliteAutoincrementKeyword === true && this.autoincrementColumn(table) !== null;
  }

  protected override columnExtras(
    column: ColumnSpec,
    table: TableSpec | null,
    opts: TableCompileOptions = {},
  ): string {
    if (opts.sqliteAutoincrementKeyword && table && this.autoincrementColumn(table) === column.name) {
      return 'PRIMARY KEY AUTOINCREMENT';
    }
    return '';
  }

  private autoincrementColumn(table: TableSpec): string | null {
    const pk = primaryKeyColumns(table);
    const col = table.columns.find((c) => c.autoincrement);
    return col && pk.columns.length === 1 && pk.columns[0] === col.name ? col.name : null;
  }

  protected override referredTable(fk: ForeignKeySpec): string {
    // A REFERENCES clause cannot name an attached database: the parent lives beside the child.
    return this.quoteIdentifier(fk.referredTable);
  }

  protected override indexName(name: string, schema: string | null): string {
    return this.quoteTable(name, schema);
  }

  protected override indexTable(table: string, _schema: string | null): string {
    return this.quoteIdentifier(table);
  }

  override createTable(
    table: TableSpec,
    opts: { ifNotExists?: boolean } & TableCompileOptions = {},
  ): string[] {
    const pk = primaryKeyColumns(table);
    if (table.columns.some((c) => c.autoincrement) && pk.columns.length > 1) {
      throw new RetortError(
        `SQLite cannot number column "${table.columns.find((c) => c.autoincrement)?.name}" automatically in a composite primary key`,
      );
    }
    return super.createTable(table, opts);
  }

  protected alterColumn(node: AlterColumnNode): string[] {
    const needsRebuild = node.type !== undefined || node.nullable !== undefined || node.default !== undefined;
    if (needsRebuild) {
      throw new SqliteRebuildRequiredError(
        `SQLite cannot ALTER the type, nullability or default of column "${node.column}"; use op.batchAlterTable() (a table rebuild)`,
      );
    }
    // Comments do not exist in SQLite; autoincrement changes need a rebuild too but are rare.
    if (node.newName !== undefined && node.newName !== node.column) {
      return [
        `ALTER TABLE ${this.quoteTable(node.table, node.schema)} RENAME COLUMN ${this.quoteIdentifier(node.column)} TO ${this.quoteIdentifier(node.newName)}`,
      ];
    }
    return [];
  }

  protected override addConstraint(
    _table: string,
    _schema: string | null,
    _constraint: ConstraintSpec,
  ): string[] {
    throw new SqliteRebuildRequiredError(SQLITE_CONSTRAINT_ALTER_MESSAGE);
  }

  protected override dropConstraint(): string[] {
    throw new SqliteRebuildRequiredError(SQLITE_CONSTRAINT_ALTER_MESSAGE);
  }
}

export const sqliteDialect: SqliteDialect = new SqliteDialect();
