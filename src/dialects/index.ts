export type {
  CheckConstraintSpec,
  ColumnSpec,
  ConstraintSpec,
  EnumSpec,
  ForeignKeySpec,
  IndexSpec,
  PrimaryKeySpec,
  ReferentialAction,
  SchemaSpec,
  TableSpec,
  UniqueConstraintSpec,
} from './schema-nodes.js';
export type { Dialect, DialectName } from './dialect.js';
export type { AlterColumnNode, ConstraintType, DdlNode } from './ddl-nodes.js';
export {
  BaseDialect,
  formatDateLiteral,
  isLiteralDefault,
  primaryKeyColumns,
  type TableCompileOptions,
} from './base-dialect.js';
export {
  SqliteDialect,
  sqliteDialect,
  SqliteRebuildRequiredError,
  SQLITE_CONSTRAINT_ALTER_MESSAGE,
} from './sqlite-dialect.js';
export { PostgresqlDialect, postgresqlDialect } from './postgresql-dialect.js';
export { MysqlDialect, mysqlDialect } from './mysql-dialect.js';
export { getDialect } from './get-dialect.js';
export { dialectOfUrl, maskUrl, type ParsedDatabaseUrl, parseDatabaseUrl } from './url.js';
export { type Connection, connectionFromPinnedKysely, type ExecuteResult } from './connection.js';
export {
  createEngine,
  dialectOfKysely,
  type DrizzleDatabase,
  type Engine,
  type EngineInput,
} from './engine.js';
export { PGliteDialect, type PGliteDialectConfig, type PGliteLike } from './pglite-dialect.js';
export {
  acquireMigrationLock,
  advisoryLockKey,
  LockTimeoutError,
  type MigrationLockOptions,
  type ReleaseLock,
} from './lock.js';
export { type Compilable, compileOffline, createOfflineKysely, inlineParameters } from './offline.js';
