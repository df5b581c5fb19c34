import type { Kysely } from 'kysely';
import {
  type ColumnSpec,
  type Compilable,
  type Connection,
  type ConstraintSpec,
  type ConstraintType,
  createOfflineKysely,
  type Dialect,
  type IndexSpec,
  type TableSpec,
} from '../dialects/index.js';
import { CommandError, RetortError } from '../util/errors.js';
import { BatchOperations } from './batch-operations.js';
import { AddColumnOp, AlterColumnOp, type AlterColumnOptions, DropColumnOp } from './column-ops.js';
import {
  CreateCheckConstraintOp,
  CreateForeignKeyOp,
  CreatePrimaryKeyOp,
  CreateUniqueConstraintOp,
  DropConstraintOp,
  type ForeignKeyOptions,
} from './constraint-ops.js';
import { BatchAlterTableOp, type BatchOptions } from './container-ops.js';
import type { OperationContext } from './context.js';
import * as elements from './elements.js';
import { CreateIndexOp, type CreateIndexOptions, DropIndexOp } from './index-ops.js';
import './implementations.js';
import type { MigrateOperation } from './migrate-operation.js';
import {
  AlterEnumAddValueOp,
  type BulkInsertTable,
  BulkInsertOp,
  CreateEnumOp,
  DropEnumOp,
  ExecuteSqlOp,
} from './misc-ops.js';
import { findImplementation, type OperationImplementation, registerImplementation } from './registry.js';
import {
  CreateTableCommentOp,
  CreateTableOp,
  DropTableCommentOp,
  DropTableOp,
  RenameTableOp,
} from './table-ops.js';

type Schema = { schema?: string | null };

/**
 * What a revision's `upgrade(op)` / `downgrade(op)` receives: one async method per
 * operation (Alembic's `op.*`, camelCase, keyword arguments as an options object).
 *
 * @example
 * ```ts
 * export async function upgrade(op: Operations): Promise<void> {
 *   await op.createTable('todo', [
 *     op.column('id', 'integer', { primaryKey: true, autoincrement: true }),
 *     op.column('title', 'string(80)', { nullable: false }),
 *   ]);
 *   await op.batchAlterTable('todo', async (batch) => {
 *     batch.alterColumn('title', { type: 'text' });
 *   });
 * }
 * ```
 */
export class Operations {
  readonly context: OperationContext;

  constructor(context: OperationContext) {
    this.context = context;
  }

  get dialect(): Dialect {
    return this.context.dialect;
  }

  /** The context (Alembic `get_context()`). */
  getContext(): OperationContext {
    return this.context;
  }

  /** The live connection (Alembic `get_bind()`); throws offline. */
  getBind(): Connection {
    if (!this.context.connection) throw new CommandError('There is no database connection in --sql mode');
    return this.context.connection;
  }

  /** Kysely for building queries: the pinned connection online, a compile-only one offline. */
  get kysely(): Kysely<any> {
    return this.context.connection?.kysely ?? createOfflineKysely(this.context.dialect);
  }

  /** Run (online) or emit (offline) SQL statements. For custom op implementations. */
  async runStatements(statements: readonly string[]): Promise<void> {
    const ctx = this.context;
    for (const s of statements) {
      if (ctx.asSql) ctx.emit(s);
      else {
        if (!ctx.connection) throw new RetortError('Operations need a connection when not in --sql mode');
        await ctx.connection.execute(s);
      }
    }
  }

  /** Carry out an op object (Alembic `invoke`). */
  async invoke(op: MigrateOperation): Promise<void> {
    await findImplementation(op)(this, op);
  }

  // ---- element builders ------------------------------------------------------------------

  column(name: string, type: string, opts?: elements.ColumnOptions): ColumnSpec {
    return elements.column(name, type, opts);
  }
  primaryKey(columns: readonly string[], opts?: { name?: string | null }) {
    return elements.primaryKey(columns, opts);
  }
  unique(columns: readonly string[], opts?: { name?: string | null }) {
    return elements.unique(columns, opts);
  }
  foreignKey(
    columns: readonly string[],
    referredTable: string,
    referredColumns: readonly string[],
    opts?: elements.ForeignKeyElementOptions,
  ) {
    return elements.foreignKey(columns, referredTable, referredColumns, opts);
  }
  check(expression: string, opts?: { name?: string | null }) {
    return elements.check(expression, opts);
  }
  /** A value always written as an SQL literal (Alembic `inline_literal`). */
  inlineLiteral(value: unknown): elements.InlineLiteral {
    return elements.inlineLiteral(this.context.dialect, value);
  }
  /** A name that is final as written (Alembic `f()`; retort applies no naming convention). */
  f(name: string): string {
    return name;
  }

  // ---- operations ------------------------------------------------------------------------

  /** Returns the table definition (usable with `bulkInsert`). */
  async createTable(
    name: string,
    elementList: readonly (ColumnSpec | ConstraintSpec)[],
    opts: Schema & { comment?: string | null; ifNotExists?: boolean } = {},
  ): Promise<TableSpec> {
    const op = CreateTableOp.fromElements(name, elementList, opts);
    await this.invoke(op);
    return op.table;
  }

  async dropTable(
    name: string,
    opts: Schema & { ifExists?: boolean; existing?: TableSpec | null } = {},
  ): Promise<void> {
    await this.invoke(new DropTableOp(name, opts));
  }

  async renameTable(oldName: string, newName: string, opts: Schema = {}): Promise<void> {
    await this.invoke(new RenameTableOp(oldName, newName, opts));
  }

  async addColumn(
    table: string,
    column: ColumnSpec,
    opts: Schema & { ifNotExists?: boolean } = {},
  ): Promise<void> {
    await this.invoke(new AddColumnOp(table, column, opts));
  }

  async dropColumn(
    table: string,
    column: string,
    opts: Schema & { ifExists?: boolean; existing?: ColumnSpec | null } = {},
  ): Promise<void> {
    await this.invoke(new DropColumnOp(table, column, opts));
  }

  async alterColumn(table: string, column: string, opts: AlterColumnOptions = {}): Promise<void> {
    await this.invoke(new AlterColumnOp(table, column, opts));
  }

  async createIndex(
    name: string,
    table: string,
    columns: readonly string[],
    opts: CreateIndexOptions = {},
  ): Promise<void> {
    await this.invoke(new CreateIndexOp(name, table, columns, opts));
  }

  /** `dropIndex(name, table?, opts?)`; MySQL needs the table. */
  async dropIndex(
    name: string,
    table?:
      | string
      | null
      | (Schema & { tableName?: string | null; ifExists?: boolean; existing?: IndexSpec | null }),
    opts: Schema & { ifExists?: boolean; existing?: IndexSpec | null } = {},
  ): Promise<void> {
    const o = table !== null && typeof table === 'object' ? table : { ...opts, tableName: table ?? null };
    await this.invoke(new DropIndexOp(name, o));
  }

  async createUniqueConstraint(
    name: string | null,
    table: string,
    columns: readonly string[],
    opts: Schema = {},
  ): Promise<void> {
    await this.invoke(new CreateUniqueConstraintOp(name, table, columns, opts));
  }

  async createForeignKey(
    name: string | null,
    sourceTable: string,
    referentTable: string,
    localColumns: readonly string[],
    remoteColumns: readonly string[],
    opts: ForeignKeyOptions = {},
  ): Promise<void> {
    await this.invoke(
      new CreateForeignKeyOp(name, sourceTable, referentTable, localColumns, remoteColumns, opts),
    );
  }

  async createCheckConstraint(
    name: string | null,
    table: string,
    condition: string,
    opts: Schema = {},
  ): Promise<void> {
    await this.invoke(new CreateCheckConstraintOp(name, table, condition, opts));
  }

  async createPrimaryKey(
    name: string | null,
    table: string,
    columns: readonly string[],
    opts: Schema = {},
  ): Promise<void> {
    await this.invoke(new CreatePrimaryKeyOp(name, table, columns, opts));
  }

  async dropConstraint(
    name: string,
    table: string,
    opts: Schema & {
      type?: ConstraintType | null;
      ifExists?: boolean;
      existing?: ConstraintSpec | null;
    } = {},
  ): Promise<void> {
    await this.invoke(new DropConstraintOp(name, table, opts));
  }

  async createTableComment(
    table: string,
    comment: string,
    opts: Schema & { existingComment?: string | null } = {},
  ): Promise<void> {
    await this.invoke(new CreateTableCommentOp(table, comment, opts));
  }

  async dropTableComment(
    table: string,
    opts: Schema & { existingComment?: string | null } = {},
  ): Promise<void> {
    await this.invoke(new DropTableCommentOp(table, opts));
  }

  /** Run SQL text or a Kysely `sql` template / query (parameters become literals offline). */
  async execute(sqltext: string | Compilable): Promise<void> {
    await this.invoke(new ExecuteSqlOp(sqltext));
  }

  async bulkInsert(
    table: string | BulkInsertTable,
    rows: readonly Readonly<Record<string, unknown>>[],
    opts: Schema & { multiinsert?: boolean } = {},
  ): Promise<void> {
    await this.invoke(new BulkInsertOp(table, rows, opts));
  }

  /** PostgreSQL `CREATE TYPE … AS ENUM` (nothing on other databases). */
  async createEnum(name: string, values: readonly string[], opts: Schema = {}): Promise<void> {
    await this.invoke(new CreateEnumOp(name, values, opts));
  }

  async dropEnum(
    name: string,
    opts: Schema & { ifExists?: boolean; existingValues?: readonly string[] | null } = {},
  ): Promise<void> {
    await this.invoke(new DropEnumOp(name, opts));
  }

  async alterEnumAddValue(
    name: string,
    value: string,
    opts: Schema & { before?: string | null; after?: string | null; ifNotExists?: boolean } = {},
  ): Promise<void> {
    await this.invoke(new AlterEnumAddValueOp(name, value, opts));
  }

  /**
   * Queue changes to one table and apply them at the end, rebuilding the table (move and
   * copy) where the database cannot ALTER (SQLite), as Alembic's `batch_alter_table`.
   */
  async batchAlterTable(
    table: string,
    optsOrFn: BatchOptions | ((batch: BatchOperations) => unknown),
    maybeFn?: (batch: BatchOperations) => unknown,
  ): Promise<void> {
    const opts = typeof optsOrFn === 'function' ? {} : optsOrFn;
    const fn = typeof optsOrFn === 'function' ? optsOrFn : maybeFn;
    if (!fn) throw new CommandError('batchAlterTable needs a callback that receives the batch');
    const recreate = opts.recreate ?? 'auto';
    if (!['auto', 'always', 'never'].includes(recreate)) {
      throw new CommandError("recreate may be one of 'auto', 'always', or 'never'.");
    }
    const batch = new BatchOperations(this, table, opts.schema ?? null, recreate);
    await fn(batch);
    await this.invoke(new BatchAlterTableOp(table, batch.queued, opts));
  }

  // ---- extension points ------------------------------------------------------------------

  /**
   * Add `op.<name>(...args)`: `builder(operations, ...args)` usually builds an op object
   * and calls `operations.invoke(op)` (Alembic `register_operation`).
   */
  static registerOperation(name: string, builder: (operations: Operations, ...args: any[]) => unknown): void {
    if (name in Operations.prototype && !customOperations.has(name)) {
      throw new RetortError(`Operations already has a method named "${name}"`);
    }
    customOperations.add(name);
    Object.defineProperty(Operations.prototype, name, {
      configurable: true,
      writable: true,
      value: function (this: Operations, ...args: unknown[]) {
        return builder(this, ...args);
      },
    });
  }

  /** Set how an op class is carried out (Alembic `implementation_for`). */
  static implementationFor<O extends MigrateOperation>(
    opClass: abstract new (...args: any[]) => O,
    fn: OperationImplementation<O, Operations>,
    opts: { replace?: boolean } = {},
  ): void {
    registerImplementation(opClass, fn, opts);
  }
}

const customOperations = new Set<string>();
