/**
 * Base class of every error retort raises on purpose. The command line prints
 * `Error: <message>` for these (no stack trace unless `--debug`); anything else is a bug.
 */
export class RetortError extends Error {
  override name = 'RetortError';
}

/**
 * An error meant for the person at the command line, as Alembic's `CommandError`:
 * revision errors are rewritten into one of these by the script layer.
 */
export class CommandError extends RetortError {
  override name = 'CommandError';
}
