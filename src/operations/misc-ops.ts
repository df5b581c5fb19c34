import type { Compilable, EnumSpec } from '../dialects/index.js';
import { CommandError } from '../util/errors.js';
import { type DiffTuple, MigrateOperation } from './migrate-operation.js';

/** `op.execute(sql)`: a string, or a Kysely `sql` template / query builder. Not reversible. */
export class ExecuteSqlOp extends MigrateOperation {
  readonly kind = 'execute';
  readonly sqltext: string | Compilable;

  constructor(sqltext: string | Compilable) {
    super();
    this.sqltext = sqltext;
    Object.freeze(this);
  }

  override toDiffTuple(): DiffTuple {
    return ['execute', this.sqltext];
  }
}

/** The table `op.bulkInsert` writes to: a name, or a name with schema and column types. */
export interface BulkInsertTable {
  readonly name: string;
  readonly schema?: string | null;
  /** Optional column list; with it, unknown keys in rows are an error. */
  readonly columns?: readonly { readonly name: string; readonly type?: string }[];
}

/** `op.bulkInsert(table, rows, opts)`. Not reversible. */
export class BulkInsertOp extends MigrateOperation {
  readonly kind = 'bulkInsert';
  readonly table: BulkInsertTable;
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  /** One INSERT with many VALUES rows (default) or one INSERT per row. */
  readonly multiinsert: boolean;

  constructor(
    table: string | BulkInsertTable,
    rows: readonly Readonly<Record<string, unknown>>[],
    opts: { multiinsert?: boolean; schema?: string | null } = {},
  ) {
    super();
    const t = typeof table === 'string' ? { name: table } : table;
    this.table = Object.freeze({ ...t, schema: opts.schema ?? t.schema ?? null });
    this.rows = Object.freeze(rows.map((r) => Object.freeze({ ...r })));
    this.multiinsert = opts.multiinsert ?? true;
    Object.freeze(this);
  }
}

/** PostgreSQL `CREATE TYPE … AS ENUM`; reverse: `DropEnumOp`. A no-op on other dialects. */
export class CreateEnumOp extends MigrateOperation {
  readonly kind = 'createEnum';
  readonly name: string;
  readonly values: readonly string[];
  readonly schema: string | null;

  constructor(name: string, values: readonly string[], opts: { schema?: string | null } = {}) {
    super();
    this.name = name;
    this.values = Object.freeze([...values]);
    this.schema = opts.schema ?? null;
    Object.freeze(this);
  }

  toEnum(): EnumSpec {
    return { name: this.name, values: this.values, schema: this.schema };
  }

  override reverse(): DropEnumOp {
    return new DropEnumOp(this.name, { schema: this.schema, existingValues: this.values });
  }

  override toDiffTuple(): DiffTuple {
    return ['add_enum', this.toEnum()];
  }
}

/** PostgreSQL `DROP TYPE`; reversible when the values are known. */
export class DropEnumOp extends MigrateOperation {
  readonly kind = 'dropEnum';
  readonly name: string;
  readonly schema: string | null;
  readonly ifExists: boolean;
  readonly existingValues: readonly string[] | null;

  constructor(
    name: string,
    opts: { schema?: string | null; ifExists?: boolean; existingValues?: readonly string[] | null } = {},
  ) {
    super();
    this.name = name;
    this.schema = opts.schema ?? null;
    this.ifExists = opts.ifExists ?? false;
    this.existingValues = opts.existingValues ? Object.freeze([...opts.existingValues]) : null;
    Object.freeze(this);
  }

  override reverse(): CreateEnumOp {
    if (!this.existingValues)
      throw new CommandError('operation is not reversible; original enum values are not present');
    return new CreateEnumOp(this.name, this.existingValues, { schema: this.schema });
  }

  override toDiffTuple(): DiffTuple {
    return ['remove_enum', { name: this.name, schema: this.schema, values: this.existingValues ?? [] }];
  }
}

/** PostgreSQL `ALTER TYPE … ADD VALUE`. Not reversible (PostgreSQL cannot drop an enum value). */
export class AlterEnumAddValueOp extends MigrateOperation {
  readonly kind = 'alterEnumAddValue';
  readonly name: string;
  readonly value: string;
  readonly schema: string | null;
  readonly before: string | null;
  readonly after: string | null;
  readonly ifNotExists: boolean;

  constructor(
    name: string,
    value: string,
    opts: {
      schema?: string | null;
      before?: string | null;
      after?: string | null;
      ifNotExists?: boolean;
    } = {},
  ) {
    super();
    if (opts.before != null && opts.after != null)
      throw new CommandError('Give either before or after, not both');
    this.name = name;
    this.value = value;
    this.schema = opts.schema ?? null;
    this.before = opts.before ?? null;
    this.after = opts.after ?? null;
    this.ifNotExists = opts.ifNotExists ?? false;
    Object.freeze(this);
  }
}
