import { CommandError } from '../util/errors.js';
import { BaseDialect } from './base-dialect.js';
import type { AlterColumnNode, DdlNode } from './ddl-nodes.js';
import type { ColumnSpec, EnumSpec, TableSpec } from './schema-nodes.js';

/** PostgreSQL (pg, and PGlite in-process). Transactional DDL, enums, `COMMENT ON`. */
export class PostgresqlDialect extends BaseDialect {
  readonly name = 'postgresql' as const;
  readonly transactionalDdl = true;
  readonly supportsSaneRowcount = true;
  protected readonly identifierQuote = '"';

  protected override bytesLiteral(value: Uint8Array): string {
    return `'\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}'::bytea`;
  }

  protected genericTypes(): Record<string, string> {
    return {
      boolean: 'BOOLEAN',
      bool: 'BOOLEAN',
      json: 'JSON',
      jsonb: 'JSONB',
      uuid: 'UUID',
      datetime: 'TIMESTAMP WITHOUT TIME ZONE',
      timestamp: 'TIMESTAMP WITHOUT TIME ZONE',
      timestamptz: 'TIMESTAMP WITH TIME ZONE',
      text: 'TEXT',
      string: 'VARCHAR',
      integer: 'INTEGER',
      int: 'INTEGER',
      bigint: 'BIGINT',
      smallint: 'SMALLINT',
      float: 'FLOAT',
      double: 'DOUBLE PRECISION',
      real: 'REAL',
      date: 'DATE',
      time: 'TIME WITHOUT TIME ZONE',
      blob: 'BYTEA',
      binary: 'BYTEA',
      bytes: 'BYTEA',
      numeric: 'NUMERIC',
      decimal: 'NUMERIC',
    };
  }

  protected override columnType(column: ColumnSpec, opts: { rawTypes?: boolean }): string {
    if (column.autoincrement) {
      const t = column.type.trim().toLowerCase();
      if (t === 'bigint' || t === 'int8' || t === 'bigserial') return 'BIGSERIAL';
      if (t === 'smallint' || t === 'int2' || t === 'smallserial') return 'SMALLSERIAL';
      return 'SERIAL';
    }
    return super.columnType(column, opts);
  }

  protected override defaultIsImplied(column: ColumnSpec): boolean {
    return column.autoincrement === true;
  }

  protected override separateComments(table: TableSpec): string[] {
    const out: string[] = [];
    if (table.comment != null)
      out.push(...this.setTableComment(table.name, table.schema ?? null, table.comment));
    for (const c of table.columns)
      out.push(...this.columnCommentStatements(table.name, table.schema ?? null, c));
    return out;
  }

  protected override columnCommentStatements(
    table: string,
    schema: string | null,
    column: ColumnSpec,
  ): string[] {
    return column.comment != null ? [this.columnComment(table, schema, column.name, column.comment)] : [];
  }

  private columnComment(
    table: string,
    schema: string | null,
    column: string,
    comment: string | null,
  ): string {
    return `COMMENT ON COLUMN ${this.quoteTable(table, schema)}.${this.quoteIdentifier(column)} IS ${this.literal(comment)}`;
  }

  protected alterColumn(node: AlterColumnNode): string[] {
    const t = this.quoteTable(node.table, node.schema);
    const c = this.quoteIdentifier(node.column);
    const out: string[] = [];
    if (node.using !== undefined && node.type === undefined) {
      throw new CommandError('postgresql_using must be used with the type_ parameter');
    }
    if (node.nullable !== undefined) {
      out.push(`ALTER TABLE ${t} ALTER COLUMN ${c} ${node.nullable ? 'DROP NOT NULL' : 'SET NOT NULL'}`);
    }
    if (node.default !== undefined) {
      out.push(
        node.default === null
          ? `ALTER TABLE ${t} ALTER COLUMN ${c} DROP DEFAULT`
          : `ALTER TABLE ${t} ALTER COLUMN ${c} SET DEFAULT ${this.compileDefault(node.default)}`,
      );
    }
    if (node.type !== undefined) {
      const using = node.using !== undefined ? ` USING ${node.using}` : '';
      out.push(`ALTER TABLE ${t} ALTER COLUMN ${c} TYPE ${this.compileType(node.type)}${using}`);
    }
    if (node.comment !== undefined)
      out.push(this.columnComment(node.table, node.schema ?? null, node.column, node.comment));
    if (node.newName !== undefined && node.newName !== node.column) {
      out.push(`ALTER TABLE ${t} RENAME COLUMN ${c} TO ${this.quoteIdentifier(node.newName)}`);
    }
    return out;
  }

  protected override setTableComment(table: string, schema: string | null, comment: string | null): string[] {
    return [`COMMENT ON TABLE ${this.quoteTable(table, schema)} IS ${this.literal(comment)}`];
  }

  protected override createEnum(spec: EnumSpec): string[] {
    const values = spec.values.map((v) => this.literal(v)).join(', ');
    return [`CREATE TYPE ${this.quoteTable(spec.name, spec.schema)} AS ENUM (${values})`];
  }

  protected override dropEnum(name: string, schema: string | null, ifExists: boolean): string[] {
    return [`DROP TYPE ${ifExists ? 'IF EXISTS ' : ''}${this.quoteTable(name, schema)}`];
  }

  protected override alterEnumAddValue(node: Extract<DdlNode, { kind: 'alterEnumAddValue' }>): string[] {
    let s = `ALTER TYPE ${this.quoteTable(node.name, node.schema)} ADD VALUE ${node.ifNotExists ? 'IF NOT EXISTS ' : ''}${this.literal(node.value)}`;
    if (node.before != null) s += ` BEFORE ${this.literal(node.before)}`;
    else if (node.after != null) s += ` AFTER ${this.literal(node.after)}`;
    return [s];
  }
}

export const postgresqlDialect: PostgresqlDialect = new PostgresqlDialect();
