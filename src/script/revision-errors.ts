import { toCommandError } from '../revision/index.js';
import type { CommandErrorOptions, RevisionErrorContext } from '../revision/index.js';

/** Runs `fn`, rewording revision-graph errors into Alembic's `CommandError` texts (`toCommandError`). */
export function catchRevisionErrors<T>(
  fn: () => T,
  context: RevisionErrorContext = 'default',
  options: CommandErrorOptions = {},
): T {
  try {
    return fn();
  } catch (err) {
    throw toCommandError(err, context, options);
  }
}
