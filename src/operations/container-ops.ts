import type { TableSpec } from '../dialects/index.js';
import { type DiffTuple, MigrateOperation } from './migrate-operation.js';

/** A sequence of ops (Alembic's `OpContainer`). */
export abstract class OpContainer extends MigrateOperation {
  readonly ops: readonly MigrateOperation[];

  constructor(ops: readonly MigrateOperation[]) {
    super();
    this.ops = Object.freeze([...ops]);
  }

  isEmpty(): boolean {
    return this.ops.length === 0;
  }

  /** The diff tuples of every op inside, flattened. */
  asDiffs(): DiffTuple[] {
    const out: DiffTuple[] = [];
    const walk = (ops: readonly MigrateOperation[]) => {
      for (const op of ops) {
        if (op instanceof OpContainer) walk(op.ops);
        else {
          const d = op.toDiffTuple();
          if (Array.isArray(d[0])) out.push(...(d as DiffTuple[]));
          else out.push(d as DiffTuple);
        }
      }
    };
    walk(this.ops);
    return out;
  }

  protected reversedOps(): MigrateOperation[] {
    return [...this.ops].reverse().map((op) => op.reverse());
  }
}

/** Ops that all apply to one table (autogenerate groups them so). */
export class ModifyTableOps extends OpContainer {
  readonly kind: string = 'modifyTableOps';
  readonly tableName: string;
  readonly schema: string | null;

  constructor(tableName: string, ops: readonly MigrateOperation[], opts: { schema?: string | null } = {}) {
    super(ops);
    this.tableName = tableName;
    this.schema = opts.schema ?? null;
    if (new.target === ModifyTableOps) Object.freeze(this);
  }

  override reverse(): ModifyTableOps {
    return new ModifyTableOps(this.tableName, this.reversedOps(), { schema: this.schema });
  }
}

export interface BatchOptions {
  readonly schema?: string | null;
  /** `auto` (default): rebuild only on SQLite and only when an op needs it. */
  readonly recreate?: 'auto' | 'always' | 'never';
  /** The table's current definition, instead of reading it from the database (needed offline). */
  readonly copyFrom?: TableSpec | null;
  /** Batch ops' `insertBefore` / `insertAfter` may reorder columns only partly (Alembic `partial_reordering`). */
  readonly partialReordering?: readonly (readonly string[])[] | null;
}

/** `op.batchAlterTable(table, opts, fn)` as one op: its ops run as a batch. */
export class BatchAlterTableOp extends ModifyTableOps {
  override readonly kind = 'batchAlterTable';
  readonly recreate: 'auto' | 'always' | 'never';
  readonly copyFrom: TableSpec | null;

  constructor(tableName: string, ops: readonly MigrateOperation[], opts: BatchOptions = {}) {
    super(tableName, ops, { schema: opts.schema ?? null });
    this.recreate = opts.recreate ?? 'auto';
    this.copyFrom = opts.copyFrom ?? null;
    Object.freeze(this);
  }

  override reverse(): BatchAlterTableOp {
    return new BatchAlterTableOp(this.tableName, this.reversedOps(), {
      schema: this.schema,
      recreate: this.recreate,
    });
  }
}

/** The upgrade body of a revision (autogenerate). */
export class UpgradeOps extends OpContainer {
  readonly kind = 'upgradeOps';

  constructor(ops: readonly MigrateOperation[] = []) {
    super(ops);
    Object.freeze(this);
  }

  override reverse(): DowngradeOps {
    return new DowngradeOps(this.reversedOps());
  }
}

/** The downgrade body of a revision (autogenerate). */
export class DowngradeOps extends OpContainer {
  readonly kind = 'downgradeOps';

  constructor(ops: readonly MigrateOperation[] = []) {
    super(ops);
    Object.freeze(this);
  }

  override reverse(): UpgradeOps {
    return new UpgradeOps(this.reversedOps());
  }
}
