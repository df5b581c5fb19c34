import { CommandError, RetortError } from '../util/errors.js';
import { BaseDialect, isLiteralDefault } from './base-dialect.js';
import type { AlterColumnNode } from './ddl-nodes.js';
import type { ColumnSpec, ForeignKeySpec, TableSpec } from './schema-nodes.js';

/**
 * MySQL and MariaDB through mysql2. DDL is not transactional (each statement commits), so
 * a failed migration can leave part of its DDL applied.
 */
export class MysqlDialect extends BaseDialect {
  readonly name = 'mysql' as const;
  readonly transactionalDdl = false;
  readonly supportsSaneRowcount = true;
  protected readonly identifierQuote = '`';

  /** Backslash is an escape character in MySQL strings (unless NO_BACKSLASH_ESCAPES). */
  protected override stringLiteral(value: string): string {
    const escaped = value.replace(/[\\'\0\n\r\x1a]/g, (ch) => {
      switch (ch) {
        case '\\':
          return '\\\\';
        case "'":
          return "''";
        case '\0':
          return '\\0';
        case '\n':
          return '\\n';
        case '\r':
          return '\\r';
        default:
          return '\\Z';
      }
    });
    return `'${escaped}'`;
  }

  protected genericTypes(): Record<string, string> {
    return {
      boolean: 'BOOL',
      bool: 'BOOL',
      json: 'JSON',
      jsonb: 'JSON',
      // A UUID in its text form is 36 characters.
      uuid: 'CHAR(36)',
      datetime: 'DATETIME',
      // `timestamp` is a MySQL type of its own (time-zone converted, 1970–2038), so it is
      // kept as written; only PostgreSQL's `timestamptz` needs a stand-in.
      timestamptz: 'DATETIME',
      text: 'TEXT',
      string: 'VARCHAR(255)',
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
      decimal: 'DECIMAL',
    };
  }

  /** Expression defaults need parentheses, except the timestamp functions. */
  override compileDefault(expression: string): string {
    const e = expression.trim();
    if (isLiteralDefault(e) || /^(now|current_timestamp|localtimestamp|localtime)\s*\(\s*\d*\s*\)$/i.test(e))
      return e;
    return `(${e})`;
  }

  protected override columnExtras(column: ColumnSpec): string {
    const parts: string[] = [];
    if (column.autoincrement) parts.push('AUTO_INCREMENT');
    if (column.comment != null) parts.push(`COMMENT ${this.literal(column.comment)}`);
    return parts.join(' ');
  }

  protected override tableSuffix(table: TableSpec): string {
    return table.comment != null ? ` COMMENT=${this.literal(table.comment)}` : '';
  }

  protected override deferrableClause(_fk: ForeignKeySpec): string {
    return '';
  }

  protected override supportsPartialIndexes(): boolean {
    return false;
  }

  override compileDdl(node: Parameters<BaseDialect['compileDdl']>[0]): string[] {
    if (node.kind === 'renameTable') {
      // Without the schema on the new name MySQL would move the table to the default database.
      return [
        `ALTER TABLE ${this.quoteTable(node.table, node.schema)} RENAME TO ${this.quoteTable(node.newName, node.schema)}`,
      ];
    }
    return super.compileDdl(node);
  }

  protected alterColumn(node: AlterColumnNode): string[] {
    const t = this.quoteTable(node.table, node.schema);
    const renaming = node.newName !== undefined && node.newName !== node.column;
    const needsModify =
      renaming ||
      node.type !== undefined ||
      node.nullable !== undefined ||
      node.autoincrement !== undefined ||
      node.comment !== undefined;
    if (needsModify) {
      const type = node.type ?? node.existingType;
      if (type == null) {
        if (
          renaming &&
          node.nullable === undefined &&
          node.autoincrement === undefined &&
          node.comment === undefined
        ) {
          const stmts = [
            `ALTER TABLE ${t} RENAME COLUMN ${this.quoteIdentifier(node.column)} TO ${this.quoteIdentifier(node.newName as string)}`,
          ];
          if (node.default !== undefined) stmts.unshift(...this.alterDefault(t, node.column, node.default));
          return stmts;
        }
        throw new CommandError('All MySQL CHANGE/MODIFY COLUMN operations require the existing type.');
      }
      const nullable = node.nullable ?? node.existingNullable ?? true;
      const dflt = node.default !== undefined ? node.default : (node.existingDefault ?? null);
      const autoincrement = node.autoincrement ?? node.existingAutoincrement ?? false;
      const comment = node.comment !== undefined ? node.comment : (node.existingComment ?? null);
      let def = `${this.compileType(type)} ${nullable ? 'NULL' : 'NOT NULL'}`;
      if (dflt != null) def += ` DEFAULT ${this.compileDefault(dflt)}`;
      if (autoincrement) def += ' AUTO_INCREMENT';
      if (comment != null) def += ` COMMENT ${this.literal(comment)}`;
      const head = renaming
        ? `CHANGE COLUMN ${this.quoteIdentifier(node.column)} ${this.quoteIdentifier(node.newName as string)}`
        : `MODIFY ${this.quoteIdentifier(node.column)}`;
      return [`ALTER TABLE ${t} ${head} ${def}`];
    }
    if (node.default !== undefined) return this.alterDefault(t, node.column, node.default);
    return [];
  }

  private alterDefault(t: string, column: string, dflt: string | null): string[] {
    const c = this.quoteIdentifier(column);
    return [
      dflt === null
        ? `ALTER TABLE ${t} ALTER COLUMN ${c} DROP DEFAULT`
        : `ALTER TABLE ${t} ALTER COLUMN ${c} SET DEFAULT ${this.compileDefault(dflt)}`,
    ];
  }

  protected override dropIndex(
    name: string,
    table: string | null,
    schema: string | null,
    ifExists: boolean,
  ): string {
    if (!table) throw new CommandError(`MySQL needs the table name to drop index "${name}"`);
    return `DROP INDEX ${ifExists ? 'IF EXISTS ' : ''}${this.quoteIdentifier(name)} ON ${this.quoteTable(table, schema)}`;
  }

  protected override dropConstraint(
    table: string,
    schema: string | null,
    name: string,
    type: string | null,
    ifExists: boolean,
  ): string[] {
    const t = this.quoteTable(table, schema);
    const ie = ifExists ? 'IF EXISTS ' : '';
    switch (type) {
      case 'foreignkey':
        return [`ALTER TABLE ${t} DROP FOREIGN KEY ${ie}${this.quoteIdentifier(name)}`];
      case 'primary':
        return [`ALTER TABLE ${t} DROP PRIMARY KEY`];
      case 'unique':
        return [`ALTER TABLE ${t} DROP INDEX ${ie}${this.quoteIdentifier(name)}`];
      case 'check':
        return [`ALTER TABLE ${t} DROP CONSTRAINT ${ie}${this.quoteIdentifier(name)}`];
      default:
        throw new RetortError("No generic 'DROP CONSTRAINT' in MySQL - please specify constraint type");
    }
  }

  protected override setTableComment(table: string, schema: string | null, comment: string | null): string[] {
    return [`ALTER TABLE ${this.quoteTable(table, schema)} COMMENT ${this.literal(comment ?? '')}`];
  }
}

export const mysqlDialect: MysqlDialect = new MysqlDialect();
