/**
 * Output helpers of the command line. Deliberately free of heavy imports: `retort --help`
 * and the listing commands load this file.
 */
import type { ScriptJson } from '../script/index.js';

/** The fields of a revision that the CLI prints (a structural subset of `Script`). */
export interface PrintableRevision {
  readonly revision: string;
  readonly downRevisions: readonly string[];
  readonly branchLabels: ReadonlySet<string>;
  readonly dependsOn: readonly string[];
  readonly path: string;
  readonly doc: string;
  readonly nextRevisions?: Iterable<string>;
  readonly isHead: boolean;
  readonly isBase: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
  cmdFormat(options: {
    verbose?: boolean;
    includeBranches?: boolean;
    includeDoc?: boolean;
    includeParents?: boolean;
    treeIndicators?: boolean;
    currentHeads?: Iterable<string>;
  }): string;
  /** The `--json` object of SPEC §5 (`Script.toJSON`). */
  toJSON(): ScriptJson;
}

/** Flask-Alembic's `_cmd_format`: one line with branches, doc, parents and tree indicators, or the `Rev:` block. */
export function formatRevision(r: PrintableRevision, verbose: boolean): string {
  const text = r.cmdFormat({
    verbose,
    includeBranches: true,
    includeDoc: true,
    includeParents: true,
    treeIndicators: true,
  });
  // As click.echo: always one more newline (the verbose block then ends in a blank line).
  return `${text}\n`;
}

const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^@\s]+)@/gi;

/** Hide passwords in URLs (`postgres://u:***@host/db`). */
export function maskPasswords(text: string): string {
  return text.replace(URL_PASSWORD, '$1***@');
}

/** Whether colours may be used on a stream: a TTY, and NO_COLOR unset. */
export function useColor(stream: { isTTY?: boolean }): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/** Wrap text in an ANSI colour when `on`. */
export function paint(on: boolean, code: 'red' | 'green' | 'yellow' | 'bold' | 'dim', text: string): string {
  if (!on) return text;
  const codes = { red: 31, green: 32, yellow: 33, bold: 1, dim: 2 } as const;
  return `\u001b[${codes[code]}m${text}\u001b[0m`;
}
