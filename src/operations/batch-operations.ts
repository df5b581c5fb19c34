import type { ColumnSpec, ConstraintType } from '../dialects/index.js';
import { CommandError } from '../util/errors.js';
import { AddColumnOp, AlterColumnOp, type AlterColumnOptions, DropColumnOp } from './column-ops.js';
import {
  CreateCheckConstraintOp,
  CreateForeignKeyOp,
  CreatePrimaryKeyOp,
  CreateUniqueConstraintOp,
  DropConstraintOp,
  type ForeignKeyOptions,
} from './constraint-ops.js';
import * as elements from './elements.js';
import { CreateIndexOp, type CreateIndexOptions, DropIndexOp } from './index-ops.js';
import type { MigrateOperation } from './migrate-operation.js';
import { CreateTableCommentOp, DropTableCommentOp } from './table-ops.js';

interface Host {
  readonly context: { readonly dialect: import('../dialects/index.js').Dialect };
}

/**
 * The `batch` inside `op.batchAlterTable(table, opts, (batch) => …)`: the same ops without
 * the table name; they are queued and applied when the callback returns.
 */
export class BatchOperations {
  readonly tableName: string;
  readonly schema: string | null;
  readonly recreate: 'auto' | 'always' | 'never';
  readonly #host: Host;
  readonly #queue: MigrateOperation[] = [];

  constructor(host: Host, tableName: string, schema: string | null, recreate: 'auto' | 'always' | 'never') {
    this.#host = host;
    this.tableName = tableName;
    this.schema = schema;
    this.recreate = recreate;
  }

  /** The ops queued so far. */
  get queued(): readonly MigrateOperation[] {
    return [...this.#queue];
  }

  /** Queue any op object. */
  invoke(op: MigrateOperation): void {
    this.#queue.push(op);
  }

  column(name: string, type: string, opts?: elements.ColumnOptions): ColumnSpec {
    return elements.column(name, type, opts);
  }

  inlineLiteral(value: unknown): elements.InlineLiteral {
    return elements.inlineLiteral(this.#host.context.dialect, value);
  }

  f(name: string): string {
    return name;
  }

  addColumn(
    column: ColumnSpec,
    opts: { insertBefore?: string | null; insertAfter?: string | null; ifNotExists?: boolean } = {},
  ): void {
    if ((opts.insertBefore || opts.insertAfter) && this.recreate === 'never') {
      throw new CommandError(
        "Can't specify insert_before or insert_after when using ALTER; please specify recreate='always'",
      );
    }
    this.invoke(new AddColumnOp(this.tableName, column, { ...opts, schema: this.schema }));
  }

  dropColumn(column: string, opts: { ifExists?: boolean; existing?: ColumnSpec | null } = {}): void {
    this.invoke(new DropColumnOp(this.tableName, column, { ...opts, schema: this.schema }));
  }

  alterColumn(column: string, opts: Omit<AlterColumnOptions, 'schema'> = {}): void {
    this.invoke(new AlterColumnOp(this.tableName, column, { ...opts, schema: this.schema }));
  }

  createIndex(name: string, columns: readonly string[], opts: Omit<CreateIndexOptions, 'schema'> = {}): void {
    this.invoke(new CreateIndexOp(name, this.tableName, columns, { ...opts, schema: this.schema }));
  }

  dropIndex(name: string, opts: { ifExists?: boolean } = {}): void {
    this.invoke(new DropIndexOp(name, { ...opts, tableName: this.tableName, schema: this.schema }));
  }

  createUniqueConstraint(name: string | null, columns: readonly string[]): void {
    this.invoke(new CreateUniqueConstraintOp(name, this.tableName, columns, { schema: this.schema }));
  }

  createForeignKey(
    name: string | null,
    referentTable: string,
    localColumns: readonly string[],
    remoteColumns: readonly string[],
    opts: Omit<ForeignKeyOptions, 'sourceSchema'> = {},
  ): void {
    this.invoke(
      new CreateForeignKeyOp(name, this.tableName, referentTable, localColumns, remoteColumns, {
        ...opts,
        sourceSchema: this.schema,
      }),
    );
  }

  createCheckConstraint(name: string | null, condition: string): void {
    this.invoke(new CreateCheckConstraintOp(name, this.tableName, condition, { schema: this.schema }));
  }

  createPrimaryKey(name: string | null, columns: readonly string[]): void {
    this.invoke(new CreatePrimaryKeyOp(name, this.tableName, columns, { schema: this.schema }));
  }

  dropConstraint(name: string, opts: { type?: ConstraintType | null } = {}): void {
    this.invoke(new DropConstraintOp(name, this.tableName, { ...opts, schema: this.schema }));
  }

  createTableComment(comment: string, opts: { existingComment?: string | null } = {}): void {
    this.invoke(new CreateTableCommentOp(this.tableName, comment, { ...opts, schema: this.schema }));
  }

  dropTableComment(opts: { existingComment?: string | null } = {}): void {
    this.invoke(new DropTableCommentOp(this.tableName, { ...opts, schema: this.schema }));
  }

  createTable(): never {
    throw new CommandError("Can't create table in batch mode");
  }

  dropTable(): never {
    throw new CommandError("Can't drop table in batch mode");
  }
}
