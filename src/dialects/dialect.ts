import type { DdlNode } from './ddl-nodes.js';

export type DialectName = 'sqlite' | 'postgresql' | 'mysql';

/**
 * Everything retort needs to know about one kind of database that does not need a
 * connection: quoting, literals, type names and DDL text.
 *
 * @example
 * ```ts
 * import { getDialect } from 'retort';
 * const pg = getDialect('postgresql');
 * pg.quoteIdentifier('we"ird');            // "we""ird"
 * pg.compileDdl({ kind: 'dropTable', table: 'todo' }); // ['DROP TABLE "todo"']
 * ```
 */
export interface Dialect {
  readonly name: DialectName;
  /** DDL inside a transaction is rolled back with it (not on MySQL/MariaDB). */
  readonly transactionalDdl: boolean;
  /** UPDATE/DELETE report the rows matched, so the version table's one-row check works. */
  readonly supportsSaneRowcount: boolean;
  /** Always quotes; embedded quote characters are doubled. */
  quoteIdentifier(name: string): string;
  quoteTable(name: string, schema?: string | null): string;
  /** SQL literal for offline SQL and version rows. */
  literal(value: unknown): string;
  /** Generic type names (`boolean`, `json`, `string(80)` …) → this dialect; anything else as written. */
  compileType(type: string): string;
  /** DDL statements for one node, without trailing `;`. */
  compileDdl(node: DdlNode): string[];
  /** The server default text as it must appear after `DEFAULT` in this dialect. */
  compileDefault(expression: string): string;
}
