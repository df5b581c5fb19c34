import { RetortError } from '../util/errors.js';
import type { Dialect, DialectName } from './dialect.js';
import type { AlterColumnNode, DdlNode } from './ddl-nodes.js';
import type {
  CheckConstraintSpec,
  ColumnSpec,
  ConstraintSpec,
  EnumSpec,
  ForeignKeySpec,
  IndexSpec,
  TableSpec,
} from './schema-nodes.js';

/** Options for compiling a table definition. */
export interface TableCompileOptions {
  /** Use column types verbatim (reflected types), skipping `compileType`. */
  readonly rawTypes?: boolean;
  /** SQLite: write the autoincrement column as `PRIMARY KEY AUTOINCREMENT` (sqlite_sequence numbering). */
  readonly sqliteAutoincrementKeyword?: boolean;
}

/**
 * Shared DDL writer. Each dialect subclass overrides only what its database spells
 * differently; everything is plain string building so that offline `--sql` output and
 * online execution are the same text.
 */
export abstract class BaseDialect implements Dialect {
  abstract readonly name: DialectName;
  abstract readonly transactionalDdl: boolean;
  abstract readonly supportsSaneRowcount: boolean;
  protected abstract readonly identifierQuote: string;

  quoteIdentifier(name: string): string {
    if (typeof name !== 'string' || name.length === 0) {
      throw new RetortError('An SQL identifier must be a non-empty string');
    }
    if (name.includes('\0')) throw new RetortError('An SQL identifier cannot contain a NUL character');
    const q = this.identifierQuote;
    return q + name.split(q).join(q + q) + q;
  }

  quoteTable(name: string, schema?: string | null): string {
    return schema
      ? `${this.quoteIdentifier(schema)}.${this.quoteIdentifier(name)}`
      : this.quoteIdentifier(name);
  }

  literal(value: unknown): string {
    if (value === null || value === undefined) return 'NULL';
    switch (typeof value) {
      case 'boolean':
        return this.booleanLiteral(value);
      case 'number':
        if (!Number.isFinite(value)) throw new RetortError(`Cannot write ${value} as an SQL literal`);
        return String(value);
      case 'bigint':
        return value.toString();
      case 'string':
        return this.stringLiteral(value);
      case 'object':
        if (value instanceof Date) {
          if (Number.isNaN(value.getTime()))
            throw new RetortError('Cannot write an invalid Date as an SQL literal');
          return this.stringLiteral(formatDateLiteral(value));
        }
        if (value instanceof Uint8Array) return this.bytesLiteral(value);
        return this.stringLiteral(JSON.stringify(value));
      default:
        throw new RetortError(`Cannot write a ${typeof value} as an SQL literal`);
    }
  }

  protected booleanLiteral(value: boolean): string {
    return value ? 'TRUE' : 'FALSE';
  }

  protected stringLiteral(value: string): string {
    if (value.includes('\0'))
      throw new RetortError(`A ${this.name} string literal cannot contain a NUL character`);
    return `'${value.replaceAll("'", "''")}'`;
  }

  protected bytesLiteral(value: Uint8Array): string {
    return `X'${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}'`;
  }

  compileType(type: string): string {
    const t = type.trim();
    const lower = t.toLowerCase();
    const m = /^string\s*\(\s*(\d+)\s*\)$/.exec(lower);
    if (m) return `VARCHAR(${m[1]})`;
    return this.genericTypes()[lower] ?? t;
  }

  /** Lower-case generic name → this dialect's type. */
  protected abstract genericTypes(): Record<string, string>;

  compileDefault(expression: string): string {
    return expression;
  }

  compileDdl(node: DdlNode): string[] {
    switch (node.kind) {
      case 'createTable':
        return this.createTable(node.table, { ifNotExists: node.ifNotExists });
      case 'dropTable':
        return [`DROP TABLE ${node.ifExists ? 'IF EXISTS ' : ''}${this.quoteTable(node.table, node.schema)}`];
      case 'renameTable':
        return [
          `ALTER TABLE ${this.quoteTable(node.table, node.schema)} RENAME TO ${this.quoteIdentifier(node.newName)}`,
        ];
      case 'addColumn':
        return this.addColumn(node.table, node.schema ?? null, node.column, node.ifNotExists ?? false);
      case 'dropColumn':
        return [
          `ALTER TABLE ${this.quoteTable(node.table, node.schema)} DROP COLUMN ${node.ifExists ? 'IF EXISTS ' : ''}${this.quoteIdentifier(node.column)}`,
        ];
      case 'alterColumn':
        return this.alterColumn(node);
      case 'createIndex':
        return [this.createIndex(node.table, node.schema ?? null, node.index, node.ifNotExists ?? false)];
      case 'dropIndex':
        return [this.dropIndex(node.name, node.table ?? null, node.schema ?? null, node.ifExists ?? false)];
      case 'addConstraint':
        return this.addConstraint(node.table, node.schema ?? null, node.constraint);
      case 'dropConstraint':
        return this.dropConstraint(
          node.table,
          node.schema ?? null,
          node.name,
          node.type ?? null,
          node.ifExists ?? false,
        );
      case 'setTableComment':
        return this.setTableComment(node.table, node.schema ?? null, node.comment);
      case 'createEnum':
        return this.createEnum(node.enum, node.ifNotExists ?? false);
      case 'dropEnum':
        return this.dropEnum(node.name, node.schema ?? null, node.ifExists ?? false);
      case 'alterEnumAddValue':
        return this.alterEnumAddValue(node);
      default: {
        const never: never = node;
        throw new RetortError(`Unknown DDL node ${(never as { kind: string }).kind}`);
      }
    }
  }

  // ---- tables ---------------------------------------------------------------------------

  /** `CREATE TABLE` plus the table's indexes and (where separate) comments. */
  createTable(table: TableSpec, opts: { ifNotExists?: boolean } & TableCompileOptions = {}): string[] {
    const items = table.columns.map((c) => this.columnDefinition(c, table, opts));
    const pk = primaryKeyColumns(table);
    if (pk.columns.length > 0 && !this.inlinesPrimaryKey(table, opts)) {
      items.push(`${this.constraintName(pk.name)}PRIMARY KEY (${this.columnList(pk.columns)})`);
    }
    for (const u of table.uniqueConstraints ?? []) {
      items.push(`${this.constraintName(u.name)}UNIQUE (${this.columnList(u.columns)})`);
    }
    for (const fk of table.foreignKeys ?? []) items.push(this.foreignKeyClause(fk));
    for (const ck of table.checkConstraints ?? []) items.push(this.checkClause(ck));
    const head = `CREATE TABLE ${opts.ifNotExists ? 'IF NOT EXISTS ' : ''}${this.quoteTable(table.name, table.schema)}`;
    const statements = [`${head} (\n\t${items.join(',\n\t')}\n)${this.tableSuffix(table)}`];
    for (const ix of table.indexes ?? []) {
      statements.push(this.createIndex(table.name, table.schema ?? null, ix, opts.ifNotExists ?? false));
    }
    statements.push(...this.separateComments(table));
    return statements;
  }

  /** Whether the primary key is written on the column itself (SQLite rowid alias). */
  protected inlinesPrimaryKey(_table: TableSpec, _opts: TableCompileOptions): boolean {
    return false;
  }

  protected tableSuffix(_table: TableSpec): string {
    return '';
  }

  /** Comments that are separate statements (PostgreSQL `COMMENT ON`). */
  protected separateComments(_table: TableSpec): string[] {
    return [];
  }

  columnDefinition(column: ColumnSpec, table: TableSpec | null, opts: TableCompileOptions = {}): string {
    const parts = [this.quoteIdentifier(column.name), this.columnType(column, opts)];
    const inPk =
      column.primaryKey === true || (table ? primaryKeyColumns(table).columns.includes(column.name) : false);
    if (column.nullable === false || inPk) parts.push('NOT NULL');
    if (column.default !== undefined && column.default !== null && !this.defaultIsImplied(column)) {
      parts.push(`DEFAULT ${this.compileDefault(column.default)}`);
    }
    const extra = this.columnExtras(column, table, opts);
    if (extra) parts.push(extra);
    return parts.join(' ');
  }

  protected columnType(column: ColumnSpec, opts: TableCompileOptions): string {
    return opts.rawTypes ? column.type : this.compileType(column.type);
  }

  protected defaultIsImplied(_column: ColumnSpec): boolean {
    return false;
  }

  protected columnExtras(
    _column: ColumnSpec,
    _table: TableSpec | null,
    _opts: TableCompileOptions = {},
  ): string {
    return '';
  }

  protected constraintName(name: string | null | undefined): string {
    return name ? `CONSTRAINT ${this.quoteIdentifier(name)} ` : '';
  }

  columnList(columns: readonly string[]): string {
    return columns.map((c) => this.quoteIdentifier(c)).join(', ');
  }

  protected foreignKeyClause(fk: ForeignKeySpec): string {
    let s = `${this.constraintName(fk.name)}FOREIGN KEY (${this.columnList(fk.columns)}) REFERENCES ${this.referredTable(fk)} (${this.columnList(fk.referredColumns)})`;
    if (fk.onDelete) s += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
    if (fk.onUpdate) s += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
    s += this.deferrableClause(fk);
    return s;
  }

  protected referredTable(fk: ForeignKeySpec): string {
    return this.quoteTable(fk.referredTable, fk.referredSchema);
  }

  protected deferrableClause(fk: ForeignKeySpec): string {
    let s = '';
    if (fk.deferrable === true) s += ' DEFERRABLE';
    else if (fk.deferrable === false) s += ' NOT DEFERRABLE';
    if (fk.initially) s += ` INITIALLY ${fk.initially.toUpperCase()}`;
    return s;
  }

  protected checkClause(ck: CheckConstraintSpec): string {
    return `${this.constraintName(ck.name)}CHECK (${ck.expression})`;
  }

  // ---- columns ---------------------------------------------------------------------------

  protected addColumn(
    table: string,
    schema: string | null,
    column: ColumnSpec,
    ifNotExists: boolean,
  ): string[] {
    const def = this.columnDefinition({ ...column, primaryKey: false }, null);
    return [
      `ALTER TABLE ${this.quoteTable(table, schema)} ADD COLUMN ${ifNotExists ? 'IF NOT EXISTS ' : ''}${def}`,
      ...this.columnCommentStatements(table, schema, column),
    ];
  }

  protected columnCommentStatements(_table: string, _schema: string | null, _column: ColumnSpec): string[] {
    return [];
  }

  protected abstract alterColumn(node: AlterColumnNode): string[];

  // ---- indexes ---------------------------------------------------------------------------

  createIndex(table: string, schema: string | null, index: IndexSpec, ifNotExists: boolean): string {
    const cols = index.columns
      .map((c, i) => (index.expressions?.[i] ? c : this.quoteIdentifier(c)))
      .join(', ');
    let s = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${ifNotExists ? 'IF NOT EXISTS ' : ''}${this.indexName(index.name, schema)} ON ${this.indexTable(table, schema)} (${cols})`;
    if (index.where && this.supportsPartialIndexes()) s += ` WHERE ${index.where}`;
    return s;
  }

  protected indexName(name: string, _schema: string | null): string {
    return this.quoteIdentifier(name);
  }

  protected indexTable(table: string, schema: string | null): string {
    return this.quoteTable(table, schema);
  }

  protected supportsPartialIndexes(): boolean {
    return true;
  }

  protected dropIndex(name: string, _table: string | null, schema: string | null, ifExists: boolean): string {
    return `DROP INDEX ${ifExists ? 'IF EXISTS ' : ''}${this.quoteTable(name, schema)}`;
  }

  // ---- constraints -----------------------------------------------------------------------

  protected addConstraint(table: string, schema: string | null, constraint: ConstraintSpec): string[] {
    return [`ALTER TABLE ${this.quoteTable(table, schema)} ADD ${this.constraintClause(constraint)}`];
  }

  constraintClause(constraint: ConstraintSpec): string {
    switch (constraint.kind) {
      case 'primaryKey':
        return `${this.constraintName(constraint.name)}PRIMARY KEY (${this.columnList(constraint.columns)})`;
      case 'unique':
        return `${this.constraintName(constraint.name)}UNIQUE (${this.columnList(constraint.columns)})`;
      case 'foreignKey':
        return this.foreignKeyClause(constraint);
      case 'check':
        return this.checkClause(constraint);
    }
  }

  protected dropConstraint(
    table: string,
    schema: string | null,
    name: string,
    _type: string | null,
    ifExists: boolean,
  ): string[] {
    return [
      `ALTER TABLE ${this.quoteTable(table, schema)} DROP CONSTRAINT ${ifExists ? 'IF EXISTS ' : ''}${this.quoteIdentifier(name)}`,
    ];
  }

  // ---- comments and enums (no-ops unless the dialect has them) ---------------------------

  protected setTableComment(_table: string, _schema: string | null, _comment: string | null): string[] {
    return [];
  }

  protected createEnum(_spec: EnumSpec, _ifNotExists: boolean): string[] {
    return [];
  }

  protected dropEnum(_name: string, _schema: string | null, _ifExists: boolean): string[] {
    return [];
  }

  protected alterEnumAddValue(_node: Extract<DdlNode, { kind: 'alterEnumAddValue' }>): string[] {
    return [];
  }
}

/** The primary key columns of a table: the PK constraint, else columns flagged `primaryKey`. */
export function primaryKeyColumns(table: TableSpec): { name: string | null; columns: readonly string[] } {
  if (table.primaryKey && table.primaryKey.columns.length > 0) {
    return { name: table.primaryKey.name ?? null, columns: table.primaryKey.columns };
  }
  return { name: null, columns: table.columns.filter((c) => c.primaryKey).map((c) => c.name) };
}

/** True for server default text that is a plain literal (no parentheses needed anywhere). */
export function isLiteralDefault(expression: string): boolean {
  const e = expression.trim();
  return (
    /^'([^']|'')*'$/.test(e) ||
    /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(e) ||
    /^(null|true|false|current_timestamp|current_date|current_time)$/i.test(e) ||
    (e.startsWith('(') && e.endsWith(')') && balanced(e.slice(1, -1)))
  );
}

function balanced(s: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0 && quote === null;
}

/** `YYYY-MM-DD HH:MM:SS[.mmm]` in UTC, the text form retort writes for dates. */
export function formatDateLiteral(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const base = `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  return d.getUTCMilliseconds() ? `${base}.${p(d.getUTCMilliseconds(), 3)}` : base;
}
