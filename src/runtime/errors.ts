import { RetortError } from '../util/errors.js';

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * A revision's `upgrade`/`downgrade` failed. The message names the revision, the step, the
 * driver's message and the statement that failed, on one line; the original error is `cause`.
 */
export class MigrationError extends RetortError {
  override name = 'MigrationError';
  /** Id of the revision whose code failed. */
  readonly revision: string;
  /** The database (context) name. */
  readonly database: string;
  /** The last statement sent to the database (or emitted offline) before the failure. */
  readonly statement: string | null;

  constructor(args: {
    revision: string;
    database: string;
    step: string;
    statement: string | null;
    cause: unknown;
  }) {
    const driver = args.cause instanceof Error ? args.cause.message : String(args.cause);
    const where = args.database === 'default' ? '' : ` on database '${args.database}'`;
    const stmt = args.statement ? `; statement: ${oneLine(args.statement)}` : '';
    super(`Revision ${args.revision} failed${where} (${args.step}): ${oneLine(driver)}${stmt}`, {
      cause: args.cause,
    });
    this.revision = args.revision;
    this.database = args.database;
    this.statement = args.statement;
  }
}
