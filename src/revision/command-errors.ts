import { CommandError } from '../util/errors.js';
import { MultipleHeads, RangeNotAncestorError, ResolutionError, RevisionError } from './errors.js';
import { pyStr } from './py-format.js';

/** Which command's wording to use (Alembic `_catch_revision_errors` call sites). */
export type RevisionErrorContext = 'upgrade' | 'downgrade' | 'stamp' | 'revision' | 'default';

/** Overrides of the wording; `start`/`end` fill the range texts. */
export interface CommandErrorOptions {
  /** The destination argument (upgrade/downgrade) or the range end. */
  end?: unknown;
  /** The range start. */
  start?: unknown;
  /** Template for RangeNotAncestorError; `%(start)s` / `%(end)s` are filled in. */
  ancestor?: string;
  /** Template for MultipleHeads; `%(head_arg)s` / `%(heads)s` are filled in. */
  multipleHeads?: string;
  /** Fixed text for ResolutionError. */
  resolution?: string;
}

const DEFAULT_ANCESTOR =
  'Requested range %(start)s:%(end)s does not refer to ancestor/descendant revisions along the same branch';
const DEFAULT_MULTIPLE_HEADS =
  "Multiple head revisions are present for given argument '%(head_arg)s'; please specify a specific target revision, '<branchname>@%(head_arg)s' to narrow to a specific head, or 'heads' for all heads";

/** The `get_current_head()` wording, for `options.multipleHeads`. */
export const CURRENT_HEAD_MULTIPLE_HEADS =
  'The script directory has multiple heads (due to branching).Please use get_heads(), or merge the branches using alembic merge.';

/**
 * Rewords a revision error into the `CommandError` Alembic's commands raise
 * (`ScriptDirectory._catch_revision_errors`). Anything that is not a `RevisionError`
 * is returned unchanged.
 *
 * @example
 * try { map.planUpgrade(dest, heads) } catch (e) { throw toCommandError(e, 'upgrade', { end: dest }) }
 */
export function toCommandError(
  err: unknown,
  context: RevisionErrorContext = 'default',
  options: CommandErrorOptions = {},
): unknown {
  if (!(err instanceof RevisionError)) return err;
  let ancestor = options.ancestor;
  let multipleHeads = options.multipleHeads;
  if (context === 'upgrade') {
    ancestor ??= 'Destination %(end)s is not a valid upgrade target from current head(s)';
  } else if (context === 'downgrade') {
    ancestor ??= 'Destination %(end)s is not a valid downgrade target from current head(s)';
  } else if (context === 'stamp') {
    multipleHeads ??= 'Multiple heads are present; please specify a single target revision';
  } else if (context === 'revision') {
    multipleHeads ??=
      'Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.';
  }
  let result: CommandError;
  if (err instanceof RangeNotAncestorError) {
    const start = options.start ?? err.lower;
    const end = options.end ?? err.upper;
    result = new CommandError(fill(ancestor ?? DEFAULT_ANCESTOR, { start: pyStr(start), end: pyStr(end) }));
  } else if (err instanceof MultipleHeads) {
    const headArg = truthy(options.end) ? pyStr(options.end) : (err.argument ?? 'None');
    result = new CommandError(
      fill(multipleHeads ?? DEFAULT_MULTIPLE_HEADS, { head_arg: headArg, heads: err.heads.join(', ') }),
    );
  } else if (err instanceof ResolutionError) {
    result = new CommandError(options.resolution ?? `Can't locate revision identified by '${err.argument}'`);
  } else {
    result = new CommandError(err.message);
  }
  result.cause = err;
  return result;
}

function truthy(value: unknown): boolean {
  return !(
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/%\((\w+)\)s/g, (whole, key: string) => values[key] ?? whole);
}
