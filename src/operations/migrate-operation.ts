import { CommandError, RetortError } from '../util/errors.js';

/** Alembic's diff tuple: a kind (`add_table`, `modify_type`, …) followed by its data. */
export type DiffTuple = readonly unknown[];

/**
 * Base of every operation: an immutable description of one migration step that the
 * `Operations` object carries out (online) or writes as SQL (offline).
 */
export abstract class MigrateOperation {
  /** The op's name in camelCase, as `Operations` spells the method (`createTable`). */
  abstract readonly kind: string;

  /** The operation that undoes this one. */
  reverse(): MigrateOperation {
    throw new CommandError('operation is not reversible');
  }

  /** Alembic's `to_diff_tuple()` (a list of tuples for `AlterColumnOp`). */
  toDiffTuple(): DiffTuple | readonly DiffTuple[] {
    throw new RetortError(`${this.constructor.name} has no diff tuple`);
  }
}

/** Options shared by table-level ops. */
export interface SchemaOption {
  readonly schema?: string | null;
}
