import { CommandError } from '../util/errors.js';
import type { ColumnSpec } from '../dialects/index.js';
import { type DiffTuple, MigrateOperation } from './migrate-operation.js';

/** `op.addColumn(table, column, opts)`; reverse: `DropColumnOp`. */
export class AddColumnOp extends MigrateOperation {
  readonly kind = 'addColumn';
  readonly tableName: string;
  readonly column: ColumnSpec;
  readonly schema: string | null;
  readonly ifNotExists: boolean;
  /** Batch mode only: place the new column before/after this one (forces a rebuild). */
  readonly insertBefore: string | null;
  readonly insertAfter: string | null;

  constructor(
    tableName: string,
    column: ColumnSpec,
    opts: {
      schema?: string | null;
      ifNotExists?: boolean;
      insertBefore?: string | null;
      insertAfter?: string | null;
    } = {},
  ) {
    super();
    this.tableName = tableName;
    this.column = column;
    this.schema = opts.schema ?? null;
    this.ifNotExists = opts.ifNotExists ?? false;
    this.insertBefore = opts.insertBefore ?? null;
    this.insertAfter = opts.insertAfter ?? null;
    Object.freeze(this);
  }

  override reverse(): DropColumnOp {
    return new DropColumnOp(this.tableName, this.column.name, {
      schema: this.schema,
      existing: this.column,
      ifExists: this.ifNotExists,
    });
  }

  override toDiffTuple(): DiffTuple {
    return ['add_column', this.schema, this.tableName, this.column];
  }
}

/** `op.dropColumn(table, column, opts)`; reversible when `existing` (the column) is known. */
export class DropColumnOp extends MigrateOperation {
  readonly kind = 'dropColumn';
  readonly tableName: string;
  readonly columnName: string;
  readonly schema: string | null;
  readonly ifExists: boolean;
  readonly existing: ColumnSpec | null;

  constructor(
    tableName: string,
    columnName: string,
    opts: { schema?: string | null; ifExists?: boolean; existing?: ColumnSpec | null } = {},
  ) {
    super();
    this.tableName = tableName;
    this.columnName = columnName;
    this.schema = opts.schema ?? null;
    this.ifExists = opts.ifExists ?? false;
    this.existing = opts.existing ?? null;
    Object.freeze(this);
  }

  override reverse(): AddColumnOp {
    if (!this.existing) throw new CommandError('operation is not reversible; original column is not present');
    return new AddColumnOp(
      this.tableName,
      { ...this.existing, name: this.columnName },
      {
        schema: this.schema,
        ifNotExists: this.ifExists,
      },
    );
  }

  override toDiffTuple(): DiffTuple {
    return [
      'remove_column',
      this.schema,
      this.tableName,
      this.existing ?? { name: this.columnName, type: 'NULL' },
    ];
  }
}

/**
 * What `op.alterColumn` may change. `undefined` means "not changing"; `null` for
 * `serverDefault` / `comment` means "remove".
 */
export interface AlterColumnOptions {
  readonly schema?: string | null;
  readonly nullable?: boolean;
  readonly type?: string;
  readonly serverDefault?: string | null;
  readonly newColumnName?: string;
  readonly comment?: string | null;
  readonly autoincrement?: boolean;
  /** PostgreSQL: `USING <expr>` for the type change (requires `type`). */
  readonly postgresqlUsing?: string;
  /** Alias of `postgresqlUsing`. */
  readonly using?: string;
  readonly existingType?: string | null;
  readonly existingNullable?: boolean | null;
  readonly existingServerDefault?: string | null;
  readonly existingComment?: string | null;
  readonly existingAutoincrement?: boolean | null;
  /** Batch mode only. */
  readonly insertBefore?: string | null;
  readonly insertAfter?: string | null;
}

/** `op.alterColumn(table, column, opts)`; reverse swaps each change with its `existing*` value. */
export class AlterColumnOp extends MigrateOperation {
  readonly kind = 'alterColumn';
  readonly tableName: string;
  readonly columnName: string;
  readonly schema: string | null;
  readonly modifyNullable: boolean | undefined;
  readonly modifyType: string | undefined;
  readonly modifyServerDefault: string | null | undefined;
  readonly modifyName: string | undefined;
  readonly modifyComment: string | null | undefined;
  readonly modifyAutoincrement: boolean | undefined;
  readonly using: string | undefined;
  readonly existingType: string | null;
  readonly existingNullable: boolean | null;
  /** `undefined` = unknown (Alembic's `False`); `null` = known to have none. */
  readonly existingServerDefault: string | null | undefined;
  readonly existingComment: string | null;
  readonly existingAutoincrement: boolean | null;
  readonly insertBefore: string | null;
  readonly insertAfter: string | null;

  constructor(tableName: string, columnName: string, opts: AlterColumnOptions = {}) {
    super();
    const using = opts.postgresqlUsing ?? opts.using;
    if (using !== undefined && opts.type === undefined) {
      throw new CommandError('postgresql_using must be used with the type_ parameter');
    }
    this.tableName = tableName;
    this.columnName = columnName;
    this.schema = opts.schema ?? null;
    this.modifyNullable = opts.nullable;
    this.modifyType = opts.type;
    this.modifyServerDefault = opts.serverDefault;
    this.modifyName = opts.newColumnName;
    this.modifyComment = opts.comment;
    this.modifyAutoincrement = opts.autoincrement;
    this.using = using;
    this.existingType = opts.existingType ?? null;
    this.existingNullable = opts.existingNullable ?? null;
    this.existingServerDefault = opts.existingServerDefault;
    this.existingComment = opts.existingComment ?? null;
    this.existingAutoincrement = opts.existingAutoincrement ?? null;
    this.insertBefore = opts.insertBefore ?? null;
    this.insertAfter = opts.insertAfter ?? null;
    Object.freeze(this);
  }

  /** True when the op changes anything at all. */
  hasChanges(): boolean {
    return (
      this.modifyNullable !== undefined ||
      this.modifyType !== undefined ||
      this.modifyServerDefault !== undefined ||
      this.modifyComment !== undefined ||
      this.modifyAutoincrement !== undefined ||
      (this.modifyName !== undefined && this.modifyName !== this.columnName)
    );
  }

  /** The options this op was built from (for copying with changes). */
  toOptions(): AlterColumnOptions {
    return {
      schema: this.schema,
      nullable: this.modifyNullable,
      type: this.modifyType,
      serverDefault: this.modifyServerDefault,
      newColumnName: this.modifyName,
      comment: this.modifyComment,
      autoincrement: this.modifyAutoincrement,
      using: this.using,
      existingType: this.existingType,
      existingNullable: this.existingNullable,
      existingServerDefault: this.existingServerDefault,
      existingComment: this.existingComment,
      existingAutoincrement: this.existingAutoincrement,
      insertBefore: this.insertBefore,
      insertAfter: this.insertAfter,
    };
  }

  override reverse(): AlterColumnOp {
    const o: { -readonly [K in keyof AlterColumnOptions]: AlterColumnOptions[K] } = {
      schema: this.schema,
      existingType: this.modifyType ?? this.existingType,
      existingNullable: this.modifyNullable ?? this.existingNullable,
      existingServerDefault:
        this.modifyServerDefault !== undefined ? this.modifyServerDefault : this.existingServerDefault,
      existingComment: this.modifyComment !== undefined ? this.modifyComment : this.existingComment,
      existingAutoincrement: this.modifyAutoincrement ?? this.existingAutoincrement,
    };
    if (this.modifyType !== undefined && this.existingType != null) o.type = this.existingType;
    if (this.modifyNullable !== undefined && this.existingNullable != null)
      o.nullable = this.existingNullable;
    if (this.modifyServerDefault !== undefined && this.existingServerDefault !== undefined) {
      o.serverDefault = this.existingServerDefault;
    }
    if (this.modifyComment !== undefined) o.comment = this.existingComment;
    if (this.modifyAutoincrement !== undefined && this.existingAutoincrement != null) {
      o.autoincrement = this.existingAutoincrement;
    }
    const renamed = this.modifyName !== undefined && this.modifyName !== this.columnName;
    if (renamed) o.newColumnName = this.columnName;
    return new AlterColumnOp(this.tableName, renamed ? (this.modifyName as string) : this.columnName, o);
  }

  override toDiffTuple(): readonly DiffTuple[] {
    const out: DiffTuple[] = [];
    const { schema, tableName: t, columnName: c } = this;
    if (this.modifyType !== undefined) {
      out.push([
        'modify_type',
        schema,
        t,
        c,
        {
          existingNullable: this.existingNullable,
          existingServerDefault:
            this.existingServerDefault === undefined ? false : this.existingServerDefault,
          existingComment: this.existingComment,
        },
        this.existingType,
        this.modifyType,
      ]);
    }
    if (this.modifyNullable !== undefined) {
      out.push([
        'modify_nullable',
        schema,
        t,
        c,
        {
          existingType: this.existingType,
          existingServerDefault:
            this.existingServerDefault === undefined ? false : this.existingServerDefault,
          existingComment: this.existingComment,
        },
        this.existingNullable,
        this.modifyNullable,
      ]);
    }
    if (this.modifyServerDefault !== undefined) {
      out.push([
        'modify_default',
        schema,
        t,
        c,
        {
          existingNullable: this.existingNullable,
          existingType: this.existingType,
          existingComment: this.existingComment,
        },
        this.existingServerDefault ?? null,
        this.modifyServerDefault,
      ]);
    }
    if (this.modifyComment !== undefined) {
      out.push([
        'modify_comment',
        schema,
        t,
        c,
        {
          existingNullable: this.existingNullable,
          existingType: this.existingType,
          existingServerDefault:
            this.existingServerDefault === undefined ? false : this.existingServerDefault,
        },
        this.existingComment,
        this.modifyComment,
      ]);
    }
    return out;
  }
}
