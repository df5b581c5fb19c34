import {
  AddColumnOp,
  AlterColumnOp,
  AlterEnumAddValueOp,
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
  ExecuteSqlOp,
  MigrateOperation,
  OpContainer,
  RenameTableOp,
} from '../operations/index.js';
import { RetortError } from '../util/errors.js';
import type { AutogenOp } from './ops.js';

/** What `renderOps` accepts: autogenerate's ops, the operations layer's op objects, or a container of them. */
export type RenderInput = readonly (AutogenOp | MigrateOperation)[] | OpContainer;

const unknownCol = (name: string) => ({ name, type: 'NULL' });

/**
 * Autogenerate's plain form of an operations-layer op, so that op lists edited by hand (or by
 * a `processRevisionDirectives` hook) render like produced ones.
 */
export function fromOperation(op: MigrateOperation): AutogenOp[] {
  if (op instanceof OpContainer) return op.ops.flatMap(fromOperation);
  if (op instanceof CreateTableOp) return [{ kind: 'createTable', table: op.table }];
  if (op instanceof DropTableOp) {
    return [
      { kind: 'dropTable', table: op.existing ?? { name: op.tableName, schema: op.schema, columns: [] } },
    ];
  }
  if (op instanceof RenameTableOp) {
    return [{ kind: 'renameTable', schema: op.schema, table: op.tableName, newName: op.newTableName }];
  }
  if (op instanceof AddColumnOp)
    return [{ kind: 'addColumn', schema: op.schema, table: op.tableName, column: op.column }];
  if (op instanceof DropColumnOp) {
    return [
      {
        kind: 'dropColumn',
        schema: op.schema,
        table: op.tableName,
        column: op.existing ?? unknownCol(op.columnName),
      },
    ];
  }
  if (op instanceof AlterColumnOp) {
    return [
      {
        kind: 'alterColumn',
        schema: op.schema,
        table: op.tableName,
        column: op.columnName,
        changes: {
          ...(op.modifyNullable !== undefined ? { nullable: op.modifyNullable } : {}),
          ...(op.modifyType !== undefined ? { type: op.modifyType } : {}),
          ...(op.modifyServerDefault !== undefined ? { default: op.modifyServerDefault } : {}),
          ...(op.modifyComment !== undefined ? { comment: op.modifyComment } : {}),
          ...(op.modifyName !== undefined ? { newColumnName: op.modifyName } : {}),
        },
        existing: {
          type: op.existingType ?? '',
          nullable: op.existingNullable,
          default: op.existingServerDefault ?? null,
          comment: op.existingComment,
          autoincrement: op.existingAutoincrement ?? false,
        },
      },
    ];
  }
  if (op instanceof CreateIndexOp)
    return [{ kind: 'createIndex', schema: op.schema, table: op.tableName, index: op.toIndex() }];
  if (op instanceof DropIndexOp) {
    return [
      {
        kind: 'dropIndex',
        schema: op.schema,
        table: op.tableName ?? '',
        index: op.existing ?? { name: op.indexName, columns: [] },
      },
    ];
  }
  if (
    op instanceof CreateUniqueConstraintOp ||
    op instanceof CreateCheckConstraintOp ||
    op instanceof CreateForeignKeyOp
  ) {
    return [
      { kind: 'createConstraint', schema: op.schema, table: op.tableName, constraint: op.toConstraint() },
    ];
  }
  if (op instanceof DropConstraintOp) {
    const kind = op.type === 'foreignkey' ? 'foreignKey' : op.type === 'check' ? 'check' : 'unique';
    const constraint =
      op.existing && op.existing.kind !== 'primaryKey'
        ? { ...op.existing, name: op.constraintName }
        : kind === 'foreignKey'
          ? { kind, name: op.constraintName, columns: [], referredTable: '', referredColumns: [] }
          : kind === 'check'
            ? { kind, name: op.constraintName, expression: '' }
            : { kind, name: op.constraintName, columns: [] };
    return [{ kind: 'dropConstraint', schema: op.schema, table: op.tableName, constraint } as AutogenOp];
  }
  if (op instanceof CreateTableCommentOp) {
    return [
      {
        kind: 'createTableComment',
        schema: op.schema,
        table: op.tableName,
        comment: op.comment,
        existing: op.existingComment,
      },
    ];
  }
  if (op instanceof DropTableCommentOp) {
    return [
      {
        kind: 'dropTableComment',
        schema: op.schema,
        table: op.tableName,
        existing: op.existingComment ?? '',
      },
    ];
  }
  if (op instanceof CreateEnumOp) return [{ kind: 'createEnum', enum: op.toEnum() }];
  if (op instanceof DropEnumOp) {
    return [
      { kind: 'dropEnum', enum: { name: op.name, schema: op.schema, values: op.existingValues ?? [] } },
    ];
  }
  if (op instanceof AlterEnumAddValueOp) {
    return [
      {
        kind: 'addEnumValue',
        enum: { name: op.name, schema: op.schema, values: [] },
        value: op.value,
        before: op.before,
        after: op.after,
      },
    ];
  }
  if (op instanceof ExecuteSqlOp && typeof op.sqltext === 'string')
    return [{ kind: 'execute', sql: op.sqltext }];
  throw new RetortError(`Cannot render operation ${op.kind} as TypeScript`);
}

export function toAutogenOps(input: RenderInput): AutogenOp[] {
  const list = input instanceof OpContainer ? input.ops : input;
  return list.flatMap((op) => (op instanceof MigrateOperation ? fromOperation(op) : [op]));
}
