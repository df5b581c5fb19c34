import type { MigrationContext, PlanFn, RunOptions, RunResult } from './migration-context.js';
import type { MigrationRun } from './migration-run.js';

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
export async function runMigrations(
  contexts: readonly MigrationContext[],
  plan: PlanFn,
  options: RunOptions = {},
): Promise<RunResult[]> {
  const runs = contexts.map((ctx) => ctx._startRun(options));
  const opened: MigrationRun[] = [];
  try {
    for (const run of runs) {
      opened.push(run);
      await run.open();
    }
    for (const run of runs) await run.begin();
    for (const run of runs) await run.execute(plan);
    for (const run of runs) await run.commit();
  } catch (err) {
    for (const run of opened) await run.rollback();
    throw err;
  } finally {
    for (const run of opened.reverse()) {
      await run.close().catch(() => {});
    }
  }
  return runs.map((r) => r.result());
}
