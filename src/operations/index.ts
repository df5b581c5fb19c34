export { type DiffTuple, MigrateOperation } from './migrate-operation.js';
export {
  CreateTableCommentOp,
  CreateTableOp,
  DropTableCommentOp,
  DropTableOp,
  RenameTableOp,
  tableFromElements,
} from './table-ops.js';
export { AddColumnOp, AlterColumnOp, type AlterColumnOptions, DropColumnOp } from './column-ops.js';
export { CreateIndexOp, type CreateIndexOptions, DropIndexOp } from './index-ops.js';
export {
  AddConstraintOp,
  constraintTypeOf,
  CreateCheckConstraintOp,
  CreateForeignKeyOp,
  CreatePrimaryKeyOp,
  CreateUniqueConstraintOp,
  DropConstraintOp,
  type ForeignKeyOptions,
} from './constraint-ops.js';
export {
  AlterEnumAddValueOp,
  BulkInsertOp,
  type BulkInsertTable,
  CreateEnumOp,
  DropEnumOp,
  ExecuteSqlOp,
} from './misc-ops.js';
export {
  BatchAlterTableOp,
  type BatchOptions,
  DowngradeOps,
  ModifyTableOps,
  OpContainer,
  UpgradeOps,
} from './container-ops.js';
export type { OperationContext } from './context.js';
export {
  check,
  column,
  type ColumnOptions,
  foreignKey,
  type ForeignKeyElementOptions,
  type InlineLiteral,
  inlineLiteral,
  isInlineLiteral,
  primaryKey,
  unique,
} from './elements.js';
export { Operations } from './operations.js';
export { BatchOperations } from './batch-operations.js';
export type { OperationImplementation } from './registry.js';
export { reflectSqliteTable, type ReflectedSqliteTable } from './sqlite-reflect.js';
export { sqliteRequiresRecreate } from './batch-rebuild.js';
