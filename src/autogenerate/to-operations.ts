import {
  AddColumnOp,
  AlterColumnOp,
  AlterEnumAddValueOp,
  BatchAlterTableOp,
  CreateCheckConstraintOp,
  CreateEnumOp,
  CreateForeignKeyOp,
  CreateIndexOp,
  CreateTableCommentOp,
  CreateTableOp,
  CreateUniqueConstraintOp,
  DropColumnOp,
  DropConstraintOp,
  DropEnumOp,
  DropIndexOp,
  DropTableCommentOp,
  DropTableOp,
  DowngradeOps,
  ExecuteSqlOp,
  RenameTableOp,
  type MigrateOperation,
  UpgradeOps,
} from '../operations/index.js';
import type { AutogenOp } from './ops.js';
import { CONSTRAINT_TYPE } from './ops.js';

/** The operations layer's op object for one autogenerate op (null for comment-only entries). */
export function toOperation(op: AutogenOp): MigrateOperation | null {
  switch (op.kind) {
    case 'note':
      return null;
    case 'renameTable':
      return new RenameTableOp(op.table, op.newName, { schema: op.schema });
    case 'execute':
      return new ExecuteSqlOp(op.sql);
    case 'createEnum':
      return new CreateEnumOp(op.enum.name, op.enum.values, { schema: op.enum.schema ?? null });
    case 'dropEnum':
      return new DropEnumOp(op.enum.name, { schema: op.enum.schema ?? null, existingValues: op.enum.values });
    case 'addEnumValue':
      return new AlterEnumAddValueOp(op.enum.name, op.value, {
        schema: op.enum.schema ?? null,
        ...(op.after ? { after: op.after } : { before: op.before ?? null }),
      });
    case 'createTable':
      return new CreateTableOp(op.table);
    case 'dropTable':
      return new DropTableOp(op.table.name, { schema: op.table.schema ?? null, existing: op.table });
    case 'addColumn':
      return new AddColumnOp(op.table, op.column, { schema: op.schema });
    case 'dropColumn':
      return new DropColumnOp(op.table, op.column.name, { schema: op.schema, existing: op.column });
    case 'alterColumn':
      return new AlterColumnOp(op.table, op.column, {
        schema: op.schema,
        nullable: op.changes.nullable,
        type: op.changes.type,
        serverDefault: op.changes.default,
        comment: op.changes.comment,
        newColumnName: op.changes.newColumnName,
        existingType: op.existing.type,
        existingNullable: op.existing.nullable,
        existingServerDefault: op.existing.default,
        existingComment: op.existing.comment,
        existingAutoincrement: op.existing.autoincrement ?? null,
      });
    case 'createIndex':
      return new CreateIndexOp(op.index.name, op.table, op.index.columns, {
        schema: op.schema,
        unique: op.index.unique ?? false,
        where: op.index.where ?? null,
        ...(op.index.expressions ? { expressions: op.index.expressions } : {}),
      });
    case 'dropIndex':
      return new DropIndexOp(op.index.name, { tableName: op.table, schema: op.schema, existing: op.index });
    case 'createConstraint': {
      const c = op.constraint;
      if (c.kind === 'unique')
        return new CreateUniqueConstraintOp(c.name ?? null, op.table, c.columns, { schema: op.schema });
      if (c.kind === 'check')
        return new CreateCheckConstraintOp(c.name ?? null, op.table, c.expression, { schema: op.schema });
      return new CreateForeignKeyOp(c.name ?? null, op.table, c.referredTable, c.columns, c.referredColumns, {
        onDelete: c.onDelete ?? null,
        onUpdate: c.onUpdate ?? null,
        deferrable: c.deferrable ?? null,
        initially: c.initially ?? null,
        sourceSchema: op.schema,
        referentSchema: c.referredSchema ?? null,
      });
    }
    case 'dropConstraint':
      return new DropConstraintOp(op.constraint.name ?? '', op.table, {
        schema: op.schema,
        type: CONSTRAINT_TYPE[op.constraint.kind],
        existing: op.constraint,
      });
    case 'createTableComment':
      return new CreateTableCommentOp(op.table, op.comment, {
        schema: op.schema,
        existingComment: op.existing,
      });
    case 'dropTableComment':
      return new DropTableCommentOp(op.table, { schema: op.schema, existingComment: op.existing });
  }
}

/**
 * The op objects `Operations.invoke` runs. With `asBatch`, consecutive changes to one
 * existing table are grouped into a `BatchAlterTableOp` (what SQLite needs).
 */
export function toOperations(
  ops: readonly AutogenOp[],
  options: { asBatch?: boolean } = {},
): MigrateOperation[] {
  const out: MigrateOperation[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    const tableLevel = 'table' in op && typeof op.table === 'string';
    if (!options.asBatch || !tableLevel) {
      const m = toOperation(op);
      if (m) out.push(m);
      continue;
    }
    const group: MigrateOperation[] = [];
    const table = op.table as string;
    const schema = (op as { schema: string | null }).schema;
    let j = i;
    while (j < ops.length) {
      const next = ops[j];
      if (!('table' in next) || next.table !== table || (next as { schema: string | null }).schema !== schema)
        break;
      const m = toOperation(next);
      if (m) group.push(m);
      j++;
    }
    i = j - 1;
    out.push(new BatchAlterTableOp(table, group, { schema }));
  }
  return out;
}

/** Autogenerate ops as the operations layer's containers (Alembic's `UpgradeOps` / `DowngradeOps`). */
export function toUpgradeOps(ops: readonly AutogenOp[], options: { asBatch?: boolean } = {}): UpgradeOps {
  return new UpgradeOps(toOperations(ops, options));
}

export function toDowngradeOps(ops: readonly AutogenOp[], options: { asBatch?: boolean } = {}): DowngradeOps {
  return new DowngradeOps(toOperations(ops, options));
}
