import type {
  CheckConstraintSpec,
  ConstraintSpec,
  ConstraintType,
  ForeignKeySpec,
  PrimaryKeySpec,
  ReferentialAction,
  UniqueConstraintSpec,
} from '../dialects/index.js';
import { CommandError } from '../util/errors.js';
import { type DiffTuple, MigrateOperation } from './migrate-operation.js';

/** Base of the `create*Constraint` / `createPrimaryKey` / `createForeignKey` ops. */
export abstract class AddConstraintOp extends MigrateOperation {
  abstract readonly constraintName: string | null;
  abstract readonly tableName: string;
  abstract readonly schema: string | null;
  abstract toConstraint(): ConstraintSpec;

  /** `DropConstraintOp.type` for this kind of constraint. */
  get constraintType(): ConstraintType {
    return constraintTypeOf(this.toConstraint());
  }

  override reverse(): DropConstraintOp {
    if (!this.constraintName)
      throw new CommandError('operation is not reversible; the constraint has no name');
    return new DropConstraintOp(this.constraintName, this.tableName, {
      type: this.constraintType,
      schema: this.schema,
      existing: this.toConstraint(),
    });
  }

  override toDiffTuple(): DiffTuple {
    return ['add_constraint', { ...this.toConstraint(), table: this.tableName, schema: this.schema }];
  }

  /** The op that creates `constraint` on `tableName`. */
  static fromConstraint(
    tableName: string,
    constraint: ConstraintSpec,
    schema: string | null = null,
  ): AddConstraintOp {
    switch (constraint.kind) {
      case 'primaryKey':
        return new CreatePrimaryKeyOp(constraint.name ?? null, tableName, constraint.columns, { schema });
      case 'unique':
        return new CreateUniqueConstraintOp(constraint.name ?? null, tableName, constraint.columns, {
          schema,
        });
      case 'check':
        return new CreateCheckConstraintOp(constraint.name ?? null, tableName, constraint.expression, {
          schema,
        });
      case 'foreignKey':
        return new CreateForeignKeyOp(
          constraint.name ?? null,
          tableName,
          constraint.referredTable,
          constraint.columns,
          constraint.referredColumns,
          {
            sourceSchema: schema,
            referentSchema: constraint.referredSchema ?? null,
            onDelete: constraint.onDelete ?? null,
            onUpdate: constraint.onUpdate ?? null,
            deferrable: constraint.deferrable ?? null,
            initially: constraint.initially ?? null,
          },
        );
    }
  }
}

/** The constraints given by a column list: primary keys and unique constraints. */
abstract class ColumnListConstraintOp extends AddConstraintOp {
  readonly constraintName: string | null;
  readonly tableName: string;
  readonly columns: readonly string[];
  readonly schema: string | null;

  constructor(
    name: string | null,
    tableName: string,
    columns: readonly string[],
    opts: { schema?: string | null } = {},
  ) {
    super();
    this.constraintName = name;
    this.tableName = tableName;
    this.columns = Object.freeze([...columns]);
    this.schema = opts.schema ?? null;
  }
}

/** `op.createPrimaryKey(name, table, columns, opts)`. */
export class CreatePrimaryKeyOp extends ColumnListConstraintOp {
  readonly kind = 'createPrimaryKey';

  constructor(...args: ConstructorParameters<typeof ColumnListConstraintOp>) {
    super(...args);
    // frozen here, not in the base: `kind` is set after the base constructor returns
    Object.freeze(this);
  }

  toConstraint(): PrimaryKeySpec {
    return { kind: 'primaryKey', name: this.constraintName, columns: this.columns };
  }
}

/** `op.createUniqueConstraint(name, table, columns, opts)`. */
export class CreateUniqueConstraintOp extends ColumnListConstraintOp {
  readonly kind = 'createUniqueConstraint';

  constructor(...args: ConstructorParameters<typeof ColumnListConstraintOp>) {
    super(...args);
    Object.freeze(this);
  }

  toConstraint(): UniqueConstraintSpec {
    return { kind: 'unique', name: this.constraintName, columns: this.columns };
  }
}

/** `op.createCheckConstraint(name, table, condition, opts)`. */
export class CreateCheckConstraintOp extends AddConstraintOp {
  readonly kind = 'createCheckConstraint';
  readonly constraintName: string | null;
  readonly tableName: string;
  readonly condition: string;
  readonly schema: string | null;

  constructor(
    name: string | null,
    tableName: string,
    condition: string,
    opts: { schema?: string | null } = {},
  ) {
    super();
    this.constraintName = name;
    this.tableName = tableName;
    this.condition = condition;
    this.schema = opts.schema ?? null;
    Object.freeze(this);
  }

  toConstraint(): CheckConstraintSpec {
    return { kind: 'check', name: this.constraintName, expression: this.condition };
  }
}

export interface ForeignKeyOptions {
  readonly onDelete?: ReferentialAction | null;
  readonly onUpdate?: ReferentialAction | null;
  readonly deferrable?: boolean | null;
  readonly initially?: 'deferred' | 'immediate' | null;
  readonly sourceSchema?: string | null;
  readonly referentSchema?: string | null;
}

/** `op.createForeignKey(name, source, referent, localCols, remoteCols, opts)`. */
export class CreateForeignKeyOp extends AddConstraintOp {
  readonly kind = 'createForeignKey';
  readonly constraintName: string | null;
  readonly tableName: string;
  readonly referentTable: string;
  readonly localColumns: readonly string[];
  readonly remoteColumns: readonly string[];
  readonly schema: string | null;
  readonly referentSchema: string | null;
  readonly onDelete: ReferentialAction | null;
  readonly onUpdate: ReferentialAction | null;
  readonly deferrable: boolean | null;
  readonly initially: 'deferred' | 'immediate' | null;

  constructor(
    name: string | null,
    sourceTable: string,
    referentTable: string,
    localColumns: readonly string[],
    remoteColumns: readonly string[],
    opts: ForeignKeyOptions = {},
  ) {
    super();
    this.constraintName = name;
    this.tableName = sourceTable;
    this.referentTable = referentTable;
    this.localColumns = Object.freeze([...localColumns]);
    this.remoteColumns = Object.freeze([...remoteColumns]);
    this.schema = opts.sourceSchema ?? null;
    this.referentSchema = opts.referentSchema ?? null;
    this.onDelete = opts.onDelete ?? null;
    this.onUpdate = opts.onUpdate ?? null;
    this.deferrable = opts.deferrable ?? null;
    this.initially = opts.initially ?? null;
    Object.freeze(this);
  }

  toConstraint(): ForeignKeySpec {
    return {
      kind: 'foreignKey',
      name: this.constraintName,
      columns: this.localColumns,
      referredTable: this.referentTable,
      referredSchema: this.referentSchema,
      referredColumns: this.remoteColumns,
      onDelete: this.onDelete,
      onUpdate: this.onUpdate,
      deferrable: this.deferrable,
      initially: this.initially,
    };
  }

  override toDiffTuple(): DiffTuple {
    return ['add_fk', { ...this.toConstraint(), table: this.tableName, schema: this.schema }];
  }
}

/** `op.dropConstraint(name, table, { type })`; reversible when the constraint (`existing`) is known. */
export class DropConstraintOp extends MigrateOperation {
  readonly kind = 'dropConstraint';
  readonly constraintName: string;
  readonly tableName: string;
  readonly type: ConstraintType | null;
  readonly schema: string | null;
  readonly ifExists: boolean;
  readonly existing: ConstraintSpec | null;

  constructor(
    name: string,
    tableName: string,
    opts: {
      type?: ConstraintType | null;
      schema?: string | null;
      ifExists?: boolean;
      existing?: ConstraintSpec | null;
    } = {},
  ) {
    super();
    this.constraintName = name;
    this.tableName = tableName;
    this.type = opts.type ?? (opts.existing ? constraintTypeOf(opts.existing) : null);
    this.schema = opts.schema ?? null;
    this.ifExists = opts.ifExists ?? false;
    this.existing = opts.existing ?? null;
    Object.freeze(this);
  }

  toConstraint(): ConstraintSpec {
    if (!this.existing)
      throw new CommandError('constraint cannot be produced; original constraint is not present');
    return { ...this.existing, name: this.constraintName };
  }

  override reverse(): AddConstraintOp {
    return AddConstraintOp.fromConstraint(this.tableName, this.toConstraint(), this.schema);
  }

  override toDiffTuple(): DiffTuple {
    const c = this.existing ? this.toConstraint() : { name: this.constraintName };
    return [
      this.type === 'foreignkey' ? 'remove_fk' : 'remove_constraint',
      { ...c, table: this.tableName, schema: this.schema },
    ];
  }
}

/** Alembic's `type_` spelling for a constraint spec. */
export function constraintTypeOf(c: ConstraintSpec): ConstraintType {
  switch (c.kind) {
    case 'primaryKey':
      return 'primary';
    case 'unique':
      return 'unique';
    case 'foreignKey':
      return 'foreignkey';
    case 'check':
      return 'check';
  }
}
