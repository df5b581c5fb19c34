export type {
  RuntimeConnection,
  RuntimeDialect,
  RuntimeEngine,
  RuntimeStep,
  VersionAction,
} from './contracts.js';
export {
  type CommandScript,
  current,
  downgrade,
  downgradeTarget,
  needsUpgrade,
  type RunCommandOptions,
  stamp,
  upgrade,
  upgradeTarget,
} from './commands.js';
export { assertKnownHeads, ChecksumTable, checksumWarnings, fileChecksum } from './checksums.js';
export { MigrationError } from './errors.js';
export {
  MigrationContext,
  type MigrationContextOptions,
  type PlanFn,
  type RunOptions,
  type RunResult,
  type VersionApplyInfo,
} from './migration-context.js';
export { runMigrations } from './run-migrations.js';
export { quoteIfNeeded, VersionTable, type VersionTableOptions } from './version-table.js';
