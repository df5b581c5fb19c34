import { catchRevisionErrors } from '../script/index.js';
import { CommandError } from '../util/errors.js';
import { assertKnownHeads } from './checksums.js';
import type { RuntimeStep } from './contracts.js';
import type { MigrationContext, PlanFn, RunResult } from './migration-context.js';
import { runMigrations } from './run-migrations.js';

/** The revision map calls the commands need (`RevisionMap<Script>`). */
interface CommandRevisionMap<S> {
  readonly heads: readonly string[];
  getRevision(id: string | null): S | null;
  getRevisions(id: string | readonly string[] | null): readonly S[];
  currentRevisions?(heads: readonly string[]): readonly S[];
}

/** The script-directory calls the commands need (`ScriptDirectory`). */
export interface CommandScript<S extends { revision: string } = { revision: string }> {
  readonly revisionMap: CommandRevisionMap<S>;
  upgradeRevs(destination: string | readonly string[], heads: readonly string[]): readonly RuntimeStep[];
  downgradeRevs(destination: string, heads: readonly string[]): readonly RuntimeStep[];
  stampRevs(destination: string | readonly string[], heads: readonly string[]): readonly RuntimeStep[];
}

/** Options of `upgrade`, `downgrade` and `stamp`. */
export interface RunCommandOptions {
  /** Offline: render SQL (returned in each result's `sql`, and sent to each context's `output`). */
  sql?: boolean;
}

const INTEGER = /^\s*[+-]?\d+\s*$/;

function isResolutionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  for (let e: any = err; e; e = Object.getPrototypeOf(e)) {
    if (e.constructor?.name === 'ResolutionError') return true;
    if (e === Error.prototype) break;
  }
  return false;
}

function signed(n: number): string {
  return n >= 0 ? `+${n}` : String(n);
}

/**
 * Flask-Alembic's numeric targets for `upgrade`: an integer is a relative count; a
 * numeric-looking string is a revision when one matches, else a relative count.
 */
export function upgradeTarget(script: CommandScript<any>, target: string | number): string {
  if (typeof target === 'number') return signed(Math.trunc(target));
  if (!INTEGER.test(target)) return target;
  try {
    script.revisionMap.getRevisions(target.trim());
    return target.trim();
  } catch (err) {
    if (isResolutionError(err)) return signed(Number.parseInt(target, 10));
    throw err;
  }
}

/**
 * Numeric targets for `downgrade`: a bare integer counts down (`2` → `-2`), as `flask db
 * downgrade 2` does; a numeric string that is exactly a revision id is that revision.
 */
export function downgradeTarget(script: CommandScript<any>, target: string | number): string {
  if (typeof target === 'number') return `-${Math.abs(Math.trunc(target))}`;
  if (!INTEGER.test(target)) return target;
  const t = target.trim();
  let exact = false;
  try {
    exact = script.revisionMap.getRevision(t)?.revision === t;
  } catch {
    exact = false;
  }
  return exact ? t : `-${Math.abs(Number.parseInt(t, 10))}`;
}

function splitRange(target: string): [string, string] {
  const i = target.indexOf(':');
  return [target.slice(0, i), target.slice(i + 1)];
}

function resolveStart(script: CommandScript<any>, start: string): string[] {
  if (start === '' || start === 'base') return [];
  return start
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && s !== 'base')
    .map((s) => {
      const rev = catchRevisionErrors(() => script.revisionMap.getRevision(s));
      return rev ? rev.revision : s;
    });
}

function offline(
  script: CommandScript<any>,
  contexts: readonly MigrationContext[],
  start: string | null,
): MigrationContext[] {
  const startingRevision = start === null ? null : resolveStart(script, start);
  return contexts.map((ctx) => (ctx.asSql && start === null ? ctx : ctx.toOffline({ startingRevision })));
}

function execute(
  script: CommandScript<any>,
  contexts: readonly MigrationContext[],
  plan: PlanFn,
  purge = false,
): Promise<RunResult[]> {
  return runMigrations(contexts, plan, { revisionMap: script.revisionMap, purge });
}

/**
 * Upgrades every database to `target` (default `heads`). With `sql`, `start:end` renders
 * the SQL from `start` instead of running anything.
 *
 * @example
 * const results = await upgrade(script, [ctx], 'heads');
 * results[0].steps; // ['upgrade  -> 1000, init', ...]
 */
export async function upgrade(
  script: CommandScript<any>,
  contexts: readonly MigrationContext[],
  target: string | number = 'heads',
  options: RunCommandOptions = {},
): Promise<RunResult[]> {
  let start: string | null = null;
  let dest = target;
  if (typeof dest === 'string' && dest.includes(':')) {
    if (!options.sql) throw new CommandError('Range revision not allowed');
    [start, dest] = splitRange(dest);
  }
  const destination = upgradeTarget(script, dest);
  const ctxs = options.sql ? offline(script, contexts, start) : contexts;
  return execute(script, ctxs, (heads) => {
    // Rows naming a revision no file provides: stop, and say how to recover.
    assertKnownHeads(script.revisionMap, heads);
    return script.upgradeRevs(destination, heads);
  });
}

/**
 * Downgrades every database to `target` (default `-1`; a bare integer counts down).
 * With `sql` a `start:end` range is required.
 */
export async function downgrade(
  script: CommandScript<any>,
  contexts: readonly MigrationContext[],
  target: string | number = '-1',
  options: RunCommandOptions = {},
): Promise<RunResult[]> {
  let start: string | null = null;
  let dest = target;
  if (typeof dest === 'string' && dest.includes(':')) {
    if (!options.sql) throw new CommandError('Range revision not allowed');
    [start, dest] = splitRange(dest);
  } else if (options.sql) {
    throw new CommandError('downgrade with --sql requires <fromrev>:<torev>');
  }
  const destination = downgradeTarget(script, dest);
  const ctxs = options.sql ? offline(script, contexts, start) : contexts;
  return execute(script, ctxs, (heads) => script.downgradeRevs(destination, heads));
}

/**
 * Sets the version table to `target` (default `heads`; a list stamps several) without
 * running migration code. `purge` first deletes every row (not with `sql`).
 */
export async function stamp(
  script: CommandScript<any>,
  contexts: readonly MigrationContext[],
  target: string | readonly string[] = 'heads',
  options: RunCommandOptions & { purge?: boolean } = {},
): Promise<RunResult[]> {
  const targets = typeof target === 'string' ? [target] : [...target];
  if (options.sql && options.purge) throw new CommandError("Can't use --purge with --sql mode");
  let start: string | null = null;
  const destinations: string[] = [];
  if (options.sql) {
    for (const t of targets) {
      let dest = t;
      if (t.includes(':')) {
        let s: string;
        [s, dest] = splitRange(t);
        if (start !== s) {
          if (start === null) start = s;
          else
            throw new CommandError(
              'Stamp operation with --sql only supports a single starting revision at a time',
            );
        }
      }
      destinations.push(dest);
    }
  } else {
    destinations.push(...targets);
  }
  const ctxs = options.sql ? offline(script, contexts, start) : contexts;
  return execute(script, ctxs, (heads) => script.stampRevs(destinations, heads), options.purge === true);
}

/**
 * The current revisions of every database, keyed by database name: the version rows as
 * revisions, reduced to branch heads as Alembic's `current` shows them. Never writes.
 */
export async function current<S extends { revision: string }>(
  script: CommandScript<S>,
  contexts: readonly MigrationContext[],
): Promise<Record<string, S[]>> {
  const out: Record<string, S[]> = {};
  for (const ctx of contexts) {
    const heads = await ctx.getCurrentHeads();
    const map = script.revisionMap;
    out[ctx.databaseName] = [
      ...catchRevisionErrors(() =>
        map.currentRevisions ? map.currentRevisions(heads) : map.getRevisions(heads),
      ),
    ];
  }
  return out;
}

/** Whether any database's version rows differ from the script heads. */
export async function needsUpgrade(
  script: CommandScript<any>,
  contexts: readonly MigrationContext[],
): Promise<boolean> {
  const heads = new Set(script.revisionMap.heads);
  for (const ctx of contexts) {
    const now = new Set(await ctx.getCurrentHeads());
    if (now.size !== heads.size) return true;
    for (const h of now) if (!heads.has(h)) return true;
  }
  return false;
}
