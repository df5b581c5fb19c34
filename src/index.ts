/**
 * retort: Alembic-grade database migrations for TypeScript apps.
 *
 * @example
 * ```ts
 * import { Retort } from 'retort';
 * const retort = new Retort({ engines: 'sqlite:app.db', metadatas: schema });
 * await retort.upgrade();
 * ```
 */
export * from './app/index.js';
export {
  CycleDetected,
  DependencyCycleDetected,
  DependencyLoopDetected,
  LoopDetected,
  MultipleHeads,
  RangeNotAncestorError,
  ResolutionError,
  Revision,
  RevisionError,
  RevisionMap,
} from './revision/index.js';
export type { RevisionInit } from './revision/index.js';
export { registerWriteHook, Script, ScriptDirectory } from './script/index.js';
export type {
  CmdFormatOptions,
  GenerateRevisionOptions,
  PostWriteHook,
  RevisionModule,
  ScriptDirectoryOptions,
} from './script/index.js';
export { fromDrizzle, fromPlain } from './schema/index.js';
export type * from './dialects/schema-nodes.js';
export {
  AddColumnOp,
  AlterColumnOp,
  BatchOperations,
  CreateIndexOp,
  CreateTableOp,
  DropColumnOp,
  DropIndexOp,
  DropTableOp,
  ExecuteSqlOp,
  MigrateOperation,
  Operations,
  check,
  column,
  foreignKey,
  inlineLiteral,
  primaryKey,
  unique,
} from './operations/index.js';
export type {
  AlterColumnOptions,
  BatchOptions,
  ColumnOptions,
  CreateIndexOptions,
  OperationContext,
} from './operations/index.js';
export { MigrationContext, MigrationError, runMigrations } from './runtime/index.js';
export { CommandError, RetortError } from './util/errors.js';
