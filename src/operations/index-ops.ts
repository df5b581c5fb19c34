import { CommandError } from '../util/errors.js';
import type { IndexSpec } from '../dialects/index.js';
import { type DiffTuple, MigrateOperation } from './migrate-operation.js';

export interface CreateIndexOptions {
  readonly schema?: string | null;
  readonly unique?: boolean;
  /** Partial index predicate (PostgreSQL, SQLite; ignored on MySQL). */
  readonly where?: string | null;
  /** Per position of `columns`: SQL expression text rather than a column name. */
  readonly expressions?: readonly boolean[];
  readonly ifNotExists?: boolean;
}

/** `op.createIndex(name, table, columns, opts)`; reverse: `DropIndexOp`. */
export class CreateIndexOp extends MigrateOperation {
  readonly kind = 'createIndex';
  readonly indexName: string;
  readonly tableName: string;
  readonly columns: readonly string[];
  readonly schema: string | null;
  readonly unique: boolean;
  readonly where: string | null;
  readonly expressions: readonly boolean[] | null;
  readonly ifNotExists: boolean;

  constructor(
    indexName: string,
    tableName: string,
    columns: readonly string[],
    opts: CreateIndexOptions = {},
  ) {
    super();
    this.indexName = indexName;
    this.tableName = tableName;
    this.columns = Object.freeze([...columns]);
    this.schema = opts.schema ?? null;
    this.unique = opts.unique ?? false;
    this.where = opts.where ?? null;
    this.expressions = opts.expressions ? Object.freeze([...opts.expressions]) : null;
    this.ifNotExists = opts.ifNotExists ?? false;
    Object.freeze(this);
  }

  toIndex(): IndexSpec {
    return {
      name: this.indexName,
      columns: this.columns,
      unique: this.unique,
      where: this.where,
      ...(this.expressions ? { expressions: this.expressions } : {}),
    };
  }

  override reverse(): DropIndexOp {
    return new DropIndexOp(this.indexName, {
      tableName: this.tableName,
      schema: this.schema,
      existing: this.toIndex(),
      ifExists: this.ifNotExists,
    });
  }

  override toDiffTuple(): DiffTuple {
    return ['add_index', { ...this.toIndex(), table: this.tableName, schema: this.schema }];
  }
}

/** `op.dropIndex(name, table?, opts)`; reversible when the index (`existing`) is known. */
export class DropIndexOp extends MigrateOperation {
  readonly kind = 'dropIndex';
  readonly indexName: string;
  readonly tableName: string | null;
  readonly schema: string | null;
  readonly ifExists: boolean;
  readonly existing: IndexSpec | null;

  constructor(
    indexName: string,
    opts: {
      tableName?: string | null;
      schema?: string | null;
      ifExists?: boolean;
      existing?: IndexSpec | null;
    } = {},
  ) {
    super();
    this.indexName = indexName;
    this.tableName = opts.tableName ?? null;
    this.schema = opts.schema ?? null;
    this.ifExists = opts.ifExists ?? false;
    this.existing = opts.existing ?? null;
    Object.freeze(this);
  }

  override reverse(): CreateIndexOp {
    if (!this.existing || !this.tableName) {
      throw new CommandError('operation is not reversible; original index is not present');
    }
    return new CreateIndexOp(this.indexName, this.tableName, this.existing.columns, {
      schema: this.schema,
      unique: this.existing.unique,
      where: this.existing.where,
      expressions: this.existing.expressions,
      ifNotExists: this.ifExists,
    });
  }

  override toDiffTuple(): DiffTuple {
    return [
      'remove_index',
      {
        ...(this.existing ?? { columns: [] }),
        name: this.indexName,
        table: this.tableName,
        schema: this.schema,
      },
    ];
  }
}
