/**
 * The operations autogenerate produces, as plain data: one entry per `op.*` call a
 * revision would make. `reverseOp` gives the downgrade counterpart; `toOperation` (in
 * `produce-ops.ts`) maps them to the operations layer's op objects.
 */
import type {
  CheckConstraintSpec,
  ColumnSpec,
  EnumSpec,
  ForeignKeySpec,
  IndexSpec,
  TableSpec,
  UniqueConstraintSpec,
} from '../schema/index.js';
import { CommandError } from '../util/errors.js';

/** The `type` that `dropConstraint` takes for each constraint kind (Alembic's `type_`). */
export const CONSTRAINT_TYPE = {
  unique: 'unique',
  foreignKey: 'foreignkey',
  check: 'check',
  primaryKey: 'primary',
} as const;

interface Base {
  /** Comment lines rendered above the call (rename hints, warnings). */
  readonly notes?: readonly string[];
}

export interface ColumnChanges {
  readonly nullable?: boolean;
  readonly type?: string;
  /** New server default; `null` removes it. */
  readonly default?: string | null;
  readonly comment?: string | null;
  /** Rename the column (never produced by comparison; kept when converting hand-edited ops). */
  readonly newColumnName?: string;
}

export interface ColumnExisting {
  readonly type: string;
  /** null when unknown (a hand-written op without `existingNullable`). */
  readonly nullable: boolean | null;
  readonly default: string | null;
  readonly comment: string | null;
  /** The column is numbered by the database (MySQL's MODIFY must restate AUTO_INCREMENT). */
  readonly autoincrement?: boolean;
}

export type AutogenOp = Base &
  (
    | { readonly kind: 'createEnum'; readonly enum: EnumSpec }
    | { readonly kind: 'dropEnum'; readonly enum: EnumSpec }
    | {
        readonly kind: 'addEnumValue';
        readonly enum: EnumSpec; // the enum as it is after the change
        readonly value: string;
        readonly before?: string | null;
        readonly after?: string | null;
      }
    | { readonly kind: 'createTable'; readonly table: TableSpec }
    | { readonly kind: 'dropTable'; readonly table: TableSpec }
    | {
        readonly kind: 'addColumn';
        readonly schema: string | null;
        readonly table: string;
        readonly column: ColumnSpec;
      }
    | {
        readonly kind: 'dropColumn';
        readonly schema: string | null;
        readonly table: string;
        readonly column: ColumnSpec;
      }
    | {
        readonly kind: 'alterColumn';
        readonly schema: string | null;
        readonly table: string;
        readonly column: string;
        readonly changes: ColumnChanges;
        readonly existing: ColumnExisting;
      }
    | {
        readonly kind: 'createIndex';
        readonly schema: string | null;
        readonly table: string;
        readonly index: IndexSpec;
      }
    | {
        readonly kind: 'dropIndex';
        readonly schema: string | null;
        readonly table: string;
        readonly index: IndexSpec;
      }
    | {
        readonly kind: 'createConstraint';
        readonly schema: string | null;
        readonly table: string;
        readonly constraint: UniqueConstraintSpec | ForeignKeySpec | CheckConstraintSpec;
      }
    | {
        readonly kind: 'dropConstraint';
        readonly schema: string | null;
        readonly table: string;
        readonly constraint: UniqueConstraintSpec | ForeignKeySpec | CheckConstraintSpec;
      }
    | {
        readonly kind: 'createTableComment';
        readonly schema: string | null;
        readonly table: string;
        readonly comment: string;
        readonly existing: string | null;
      }
    | {
        readonly kind: 'dropTableComment';
        readonly schema: string | null;
        readonly table: string;
        readonly existing: string;
      }
    | {
        readonly kind: 'renameTable';
        readonly schema: string | null;
        readonly table: string;
        readonly newName: string;
      }
    | { readonly kind: 'execute'; readonly sql: string }
    /** A comment-only entry (e.g. a step that cannot be reversed automatically). */
    | { readonly kind: 'note' }
  );

export type AutogenOpKind = AutogenOp['kind'];

/** The op that undoes `op` (the downgrade counterpart), keeping the notes out. */
export function reverseOp(op: AutogenOp): AutogenOp {
  switch (op.kind) {
    case 'createEnum':
      return { kind: 'dropEnum', enum: op.enum };
    case 'dropEnum':
      return { kind: 'createEnum', enum: op.enum };
    case 'addEnumValue':
      return {
        kind: 'note',
        notes: [
          `PostgreSQL cannot remove value '${op.value}' from enum "${op.enum.name}"; recreate the type by hand if needed`,
        ],
      };
    case 'createTable':
      return { kind: 'dropTable', table: op.table };
    case 'dropTable':
      return { kind: 'createTable', table: op.table };
    case 'addColumn':
      return { kind: 'dropColumn', schema: op.schema, table: op.table, column: op.column };
    case 'dropColumn':
      return { kind: 'addColumn', schema: op.schema, table: op.table, column: op.column };
    case 'alterColumn': {
      const c = op.changes;
      const e = op.existing;
      const changes: { -readonly [K in keyof ColumnChanges]: ColumnChanges[K] } = {};
      if (c.nullable !== undefined && e.nullable !== null) changes.nullable = e.nullable;
      if (c.type !== undefined) changes.type = e.type;
      if (c.default !== undefined) changes.default = e.default;
      if (c.comment !== undefined) changes.comment = e.comment;
      const renamed = c.newColumnName !== undefined && c.newColumnName !== op.column;
      if (renamed) changes.newColumnName = op.column;
      return {
        kind: 'alterColumn',
        schema: op.schema,
        table: op.table,
        column: renamed ? (c.newColumnName as string) : op.column,
        changes,
        existing: {
          type: c.type ?? e.type,
          nullable: c.nullable ?? e.nullable,
          default: c.default !== undefined ? c.default : e.default,
          comment: c.comment !== undefined ? c.comment : e.comment,
          autoincrement: e.autoincrement,
        },
      };
    }
    case 'createIndex':
      return { kind: 'dropIndex', schema: op.schema, table: op.table, index: op.index };
    case 'dropIndex':
      return { kind: 'createIndex', schema: op.schema, table: op.table, index: op.index };
    case 'createConstraint':
      return { kind: 'dropConstraint', schema: op.schema, table: op.table, constraint: op.constraint };
    case 'dropConstraint':
      return { kind: 'createConstraint', schema: op.schema, table: op.table, constraint: op.constraint };
    case 'createTableComment':
      return op.existing === null
        ? { kind: 'dropTableComment', schema: op.schema, table: op.table, existing: op.comment }
        : {
            kind: 'createTableComment',
            schema: op.schema,
            table: op.table,
            comment: op.existing,
            existing: op.comment,
          };
    case 'dropTableComment':
      return {
        kind: 'createTableComment',
        schema: op.schema,
        table: op.table,
        comment: op.existing,
        existing: null,
      };
    case 'renameTable':
      return { kind: 'renameTable', schema: op.schema, table: op.newName, newName: op.table };
    case 'note':
      return { kind: 'note', notes: op.notes };
    default:
      throw new CommandError(`operation is not reversible: ${(op as { kind: string }).kind}`);
  }
}

/** Downgrade ops: each upgrade op reversed, in reverse order. */
export function reverseOps(ops: readonly AutogenOp[]): AutogenOp[] {
  return [...ops].reverse().map(reverseOp);
}
