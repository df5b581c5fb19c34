import type { ColumnSpec, EnumSpec, ForeignKeySpec, IndexSpec, TableSpec } from '../schema/index.js';
import type { AutogenOp, ColumnExisting } from './ops.js';

/** One modification of a column, as Alembic's `('modify_type', schema, table, column, existing, old, new)`. */
export type ColumnModification = [
  'modify_nullable' | 'modify_type' | 'modify_default' | 'modify_comment',
  string | null,
  string,
  string,
  {
    existingType: string;
    existingNullable: boolean | null;
    existingServerDefault: string | null;
    existingComment: string | null;
  },
  unknown,
  unknown,
];

/** Alembic-style diff entries (`compare_metadata` output), camel-free for familiarity. */
export type Diff =
  | ['add_table', TableSpec]
  | ['remove_table', TableSpec]
  | ['add_column', string | null, string, ColumnSpec]
  | ['remove_column', string | null, string, ColumnSpec]
  | ColumnModification[]
  | ['add_index', string | null, string, IndexSpec]
  | ['remove_index', string | null, string, IndexSpec]
  | ['add_constraint' | 'remove_constraint', string | null, string, unknown]
  | ['add_fk' | 'remove_fk', string | null, string, ForeignKeySpec]
  | ['add_table_comment', string | null, string, string, string | null]
  | ['remove_table_comment', string | null, string, string]
  | ['add_enum' | 'remove_enum', EnumSpec]
  | ['add_enum_value', string | null, string, string];

/** A diff list that also says whether applying it would lose data. */
export type DiffList = Diff[] & { destructive: boolean; hints: string[] };

function existing(e: ColumnExisting) {
  return {
    existingType: e.type,
    existingNullable: e.nullable,
    existingServerDefault: e.default,
    existingComment: e.comment,
  };
}

/** The diff entries one op stands for (Alembic's `to_diff_tuple`). */
export function toDiffs(op: AutogenOp): Diff[] {
  switch (op.kind) {
    case 'createTable':
      return [['add_table', op.table]];
    case 'dropTable':
      return [['remove_table', op.table]];
    case 'addColumn':
      return [['add_column', op.schema, op.table, op.column]];
    case 'dropColumn':
      return [['remove_column', op.schema, op.table, op.column]];
    case 'alterColumn': {
      const ex = existing(op.existing);
      const list: ColumnModification[] = [];
      const c = op.changes;
      if (c.nullable !== undefined)
        list.push(['modify_nullable', op.schema, op.table, op.column, ex, op.existing.nullable, c.nullable]);
      if (c.type !== undefined)
        list.push(['modify_type', op.schema, op.table, op.column, ex, op.existing.type, c.type]);
      if (c.default !== undefined)
        list.push(['modify_default', op.schema, op.table, op.column, ex, op.existing.default, c.default]);
      if (c.comment !== undefined)
        list.push(['modify_comment', op.schema, op.table, op.column, ex, op.existing.comment, c.comment]);
      return [list];
    }
    case 'createIndex':
      return [['add_index', op.schema, op.table, op.index]];
    case 'dropIndex':
      return [['remove_index', op.schema, op.table, op.index]];
    case 'createConstraint':
      return op.constraint.kind === 'foreignKey'
        ? [['add_fk', op.schema, op.table, op.constraint]]
        : [['add_constraint', op.schema, op.table, op.constraint]];
    case 'dropConstraint':
      return op.constraint.kind === 'foreignKey'
        ? [['remove_fk', op.schema, op.table, op.constraint]]
        : [['remove_constraint', op.schema, op.table, op.constraint]];
    case 'createTableComment':
      return [['add_table_comment', op.schema, op.table, op.comment, op.existing]];
    case 'dropTableComment':
      return [['remove_table_comment', op.schema, op.table, op.existing]];
    case 'createEnum':
      return [['add_enum', op.enum]];
    case 'dropEnum':
      return [['remove_enum', op.enum]];
    case 'addEnumValue':
      return [['add_enum_value', op.enum.schema ?? null, op.enum.name, op.value]];
    case 'note':
    case 'renameTable':
    case 'execute':
      return [];
  }
}
