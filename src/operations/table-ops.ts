import { CommandError } from '../util/errors.js';
import type { ColumnSpec, ConstraintSpec, TableSpec } from '../dialects/index.js';
import { type DiffTuple, MigrateOperation } from './migrate-operation.js';

/** `op.createTable(name, elements, opts)`; reverse: `DropTableOp`. */
export class CreateTableOp extends MigrateOperation {
  readonly kind = 'createTable';
  readonly table: TableSpec;
  readonly ifNotExists: boolean;

  constructor(table: TableSpec, opts: { ifNotExists?: boolean } = {}) {
    super();
    this.table = table;
    this.ifNotExists = opts.ifNotExists ?? false;
    Object.freeze(this);
  }

  get tableName(): string {
    return this.table.name;
  }

  get schema(): string | null {
    return this.table.schema ?? null;
  }

  /** Build from a column/constraint list, as `op.createTable` takes it. */
  static fromElements(
    name: string,
    elements: readonly (ColumnSpec | ConstraintSpec)[],
    opts: { schema?: string | null; comment?: string | null; ifNotExists?: boolean } = {},
  ): CreateTableOp {
    return new CreateTableOp(tableFromElements(name, elements, opts), { ifNotExists: opts.ifNotExists });
  }

  override reverse(): DropTableOp {
    return new DropTableOp(this.table.name, { schema: this.table.schema ?? null, existing: this.table });
  }

  override toDiffTuple(): DiffTuple {
    return ['add_table', this.table];
  }
}

/** `op.dropTable(name, opts)`; reversible when `existing` (the table's definition) is known. */
export class DropTableOp extends MigrateOperation {
  readonly kind = 'dropTable';
  readonly tableName: string;
  readonly schema: string | null;
  readonly ifExists: boolean;
  readonly existing: TableSpec | null;

  constructor(
    tableName: string,
    opts: { schema?: string | null; ifExists?: boolean; existing?: TableSpec | null } = {},
  ) {
    super();
    this.tableName = tableName;
    this.schema = opts.schema ?? null;
    this.ifExists = opts.ifExists ?? false;
    this.existing = opts.existing ?? null;
    Object.freeze(this);
  }

  override reverse(): CreateTableOp {
    if (!this.existing) throw new CommandError('operation is not reversible; original table is not present');
    return new CreateTableOp({ ...this.existing, name: this.tableName, schema: this.schema });
  }

  override toDiffTuple(): DiffTuple {
    return ['remove_table', this.existing ?? { name: this.tableName, schema: this.schema, columns: [] }];
  }
}

/** `op.renameTable(old, new, opts)`; reverse renames back. */
export class RenameTableOp extends MigrateOperation {
  readonly kind = 'renameTable';
  readonly tableName: string;
  readonly newTableName: string;
  readonly schema: string | null;

  constructor(tableName: string, newTableName: string, opts: { schema?: string | null } = {}) {
    super();
    this.tableName = tableName;
    this.newTableName = newTableName;
    this.schema = opts.schema ?? null;
    Object.freeze(this);
  }

  override reverse(): RenameTableOp {
    return new RenameTableOp(this.newTableName, this.tableName, { schema: this.schema });
  }
}

/** `op.createTableComment(table, comment, opts)`. */
export class CreateTableCommentOp extends MigrateOperation {
  readonly kind = 'createTableComment';
  readonly tableName: string;
  readonly comment: string;
  readonly existingComment: string | null;
  readonly schema: string | null;

  constructor(
    tableName: string,
    comment: string,
    opts: { existingComment?: string | null; schema?: string | null } = {},
  ) {
    super();
    this.tableName = tableName;
    this.comment = comment;
    this.existingComment = opts.existingComment ?? null;
    this.schema = opts.schema ?? null;
    Object.freeze(this);
  }

  override reverse(): CreateTableCommentOp | DropTableCommentOp {
    if (this.existingComment == null) {
      return new DropTableCommentOp(this.tableName, { existingComment: this.comment, schema: this.schema });
    }
    return new CreateTableCommentOp(this.tableName, this.existingComment, {
      existingComment: this.comment,
      schema: this.schema,
    });
  }

  override toDiffTuple(): DiffTuple {
    return [
      'add_table_comment',
      { name: this.tableName, schema: this.schema, comment: this.comment },
      this.existingComment,
    ];
  }
}

/** `op.dropTableComment(table, opts)`. */
export class DropTableCommentOp extends MigrateOperation {
  readonly kind = 'dropTableComment';
  readonly tableName: string;
  readonly existingComment: string | null;
  readonly schema: string | null;

  constructor(tableName: string, opts: { existingComment?: string | null; schema?: string | null } = {}) {
    super();
    this.tableName = tableName;
    this.existingComment = opts.existingComment ?? null;
    this.schema = opts.schema ?? null;
    Object.freeze(this);
  }

  override reverse(): CreateTableCommentOp {
    if (this.existingComment == null)
      throw new CommandError('operation is not reversible; original comment is not present');
    return new CreateTableCommentOp(this.tableName, this.existingComment, { schema: this.schema });
  }

  override toDiffTuple(): DiffTuple {
    return [
      'remove_table_comment',
      { name: this.tableName, schema: this.schema, comment: this.existingComment },
    ];
  }
}

/** A `TableSpec` from `op.createTable`'s mixed list of columns and constraints. */
export function tableFromElements(
  name: string,
  elements: readonly (ColumnSpec | ConstraintSpec)[],
  opts: { schema?: string | null; comment?: string | null } = {},
): TableSpec {
  const columns: ColumnSpec[] = [];
  const uniques: Extract<ConstraintSpec, { kind: 'unique' }>[] = [];
  const fks: Extract<ConstraintSpec, { kind: 'foreignKey' }>[] = [];
  const checks: Extract<ConstraintSpec, { kind: 'check' }>[] = [];
  let primaryKey: Extract<ConstraintSpec, { kind: 'primaryKey' }> | null = null;
  for (const e of elements) {
    if (!('kind' in e) || e.kind === undefined) {
      columns.push(e as ColumnSpec);
      continue;
    }
    switch ((e as ConstraintSpec).kind) {
      case 'primaryKey':
        if (primaryKey) throw new CommandError(`Table "${name}" has more than one primary key`);
        primaryKey = e as Extract<ConstraintSpec, { kind: 'primaryKey' }>;
        break;
      case 'unique':
        uniques.push(e as Extract<ConstraintSpec, { kind: 'unique' }>);
        break;
      case 'foreignKey':
        fks.push(e as Extract<ConstraintSpec, { kind: 'foreignKey' }>);
        break;
      case 'check':
        checks.push(e as Extract<ConstraintSpec, { kind: 'check' }>);
        break;
    }
  }
  return {
    name,
    schema: opts.schema ?? null,
    columns,
    primaryKey,
    uniqueConstraints: uniques,
    foreignKeys: fks,
    checkConstraints: checks,
    indexes: [],
    comment: opts.comment ?? null,
  };
}
