import { RetortError } from '../util/errors.js';
import { pyStr } from './py-format.js';

/**
 * Base of every error raised by the revision graph (Alembic's `RevisionError`).
 * The script layer rewrites these into `CommandError`s with {@link toCommandError}.
 */
export class RevisionError extends RetortError {
  override name = 'RevisionError';
}

/** A requested range whose lower end is not an ancestor of its upper end. */
export class RangeNotAncestorError extends RevisionError {
  override name = 'RangeNotAncestorError';
  /** The lower identifier as given (string, list of ids, or null). */
  readonly lower: unknown;
  /** The upper identifier as given (string, list of ids, or null). */
  readonly upper: unknown;

  constructor(lower: unknown, upper: unknown) {
    super(
      `Revision ${isEmpty(lower) ? 'base' : pyStr(lower)} is not an ancestor of revision ${
        isEmpty(upper) ? 'base' : pyStr(upper)
      }`,
    );
    this.lower = lower;
    this.upper = upper;
  }
}

/** A symbol such as `head` that was asked to name one revision named several. */
export class MultipleHeads extends RevisionError {
  override name = 'MultipleHeads';
  readonly heads: readonly string[];
  readonly argument: string | null;

  constructor(heads: readonly string[], argument: unknown) {
    const arg = argument === null || argument === undefined ? null : pyStr(argument);
    super(`Multiple heads are present for given argument '${arg ?? 'None'}'; ${heads.join(', ')}`);
    this.heads = heads;
    this.argument = arg;
  }
}

/** An identifier that names no revision or branch (or names several). */
export class ResolutionError extends RevisionError {
  override name = 'ResolutionError';
  /** The identifier that failed to resolve. */
  readonly argument: string;

  constructor(message: string, argument: string) {
    super(message);
    this.argument = argument;
  }
}

/** Revisions that cannot be reached from both a head and a base along down revisions. */
export class CycleDetected extends RevisionError {
  override name = 'CycleDetected';
  readonly revisions: readonly string[];

  constructor(revisions: readonly string[], kind = 'Cycle') {
    super(`${kind} is detected in revisions (${revisions.join(', ')})`);
    this.revisions = revisions;
  }
}

/** As {@link CycleDetected}, counting `depends_on` edges too. */
export class DependencyCycleDetected extends CycleDetected {
  override name = 'DependencyCycleDetected';

  constructor(revisions: readonly string[], kind = 'Dependency cycle') {
    super(revisions, kind);
  }
}

/** A revision that lists itself as its own down revision. */
export class LoopDetected extends CycleDetected {
  override name = 'LoopDetected';

  constructor(revision: string) {
    super([revision], 'Self-loop');
  }
}

/** A revision that lists itself in its own `dependsOn`. */
export class DependencyLoopDetected extends DependencyCycleDetected {
  override name = 'DependencyLoopDetected';

  constructor(revision: string) {
    super([revision], 'Dependency self-loop');
  }
}

function isEmpty(value: unknown): boolean {
  return (
    value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
  );
}
