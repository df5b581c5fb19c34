import {
  type MigrationContext,
  type PlanFn,
  type RunOptions,
  type RunResult,
  runOnContexts,
} from './migration-context.js';

/**
 * Runs one plan over several databases, as Flask-Alembic does: every migration lock is taken
 * and every database's transaction opened before any step runs; then each database is
 * migrated in turn; a failure rolls back every database not yet committed.
 *
 * @example
 * await runMigrations([mainCtx, analyticsCtx], (heads) => script.upgradeRevs('heads', heads), {
 *   revisionMap: script.revisionMap,
 * });
 */
export function runMigrations(
  contexts: readonly MigrationContext[],
  plan: PlanFn,
  options: RunOptions = {},
): Promise<RunResult[]> {
  return runOnContexts(contexts, plan, options);
}
