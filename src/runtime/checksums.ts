import { fileDigest } from '../script/index.js';
import { CommandError } from '../util/errors.js';
import type { RuntimeConnection, RuntimeDialect } from './contracts.js';
import { tableExists } from './table-exists.js';
import { quoteIfNeeded, type VersionTable } from './version-table.js';

/** sha256 (hex) of a revision file's bytes; `null` when the file cannot be read. */
export function fileChecksum(path: string | null | undefined): string | null {
  return path ? fileDigest(path) : null;
}

/**
 * `<version table>_checksums (revision, checksum)`: the sha256 of each applied revision's
 * file, written in the same transaction as the step's version rows and removed when the
 * revision is downgraded. It sits beside the version table so that table stays exactly
 * Alembic's (Python Alembic ignores this one).
 *
 * @example
 * const sums = new ChecksumTable(dialect, ctx.versionTable);
 * await sums.record(conn, '1000', fileChecksum(script.path));
 */
export class ChecksumTable {
  readonly name: string;
  readonly schema: string | null;
  readonly #dialect: RuntimeDialect;

  constructor(dialect: RuntimeDialect, versionTable: Pick<VersionTable, 'name' | 'schema'>) {
    this.#dialect = dialect;
    this.name = `${versionTable.name}_checksums`;
    this.schema = versionTable.schema;
  }

  get qualifiedName(): string {
    const table = quoteIfNeeded(this.#dialect, this.name);
    return this.schema ? `${quoteIfNeeded(this.#dialect, this.schema)}.${table}` : table;
  }

  createSql(): string {
    return (
      `CREATE TABLE ${this.qualifiedName} (\n` +
      '    revision VARCHAR(32) NOT NULL, \n' +
      '    checksum VARCHAR(64) NOT NULL, \n' +
      `    CONSTRAINT ${quoteIfNeeded(this.#dialect, `${this.name}_pkc`)} PRIMARY KEY (revision)\n` +
      ')'
    );
  }

  async exists(conn: RuntimeConnection): Promise<boolean> {
    return tableExists(conn, this.#dialect, this.name, this.schema);
  }

  /** Creates the table when missing (call before a MySQL step transaction: DDL commits). */
  async ensure(conn: RuntimeConnection): Promise<void> {
    if (!(await this.exists(conn))) await conn.execute(this.createSql());
  }

  /** Records (replaces) a revision's checksum. A file that cannot be read is not recorded. */
  async record(conn: RuntimeConnection, revision: string, checksum: string | null): Promise<void> {
    await this.remove(conn, revision);
    if (checksum === null) return;
    const d = this.#dialect;
    await conn.execute(
      `INSERT INTO ${this.qualifiedName} (revision, checksum) VALUES (${d.literal(revision)}, ${d.literal(checksum)})`,
    );
  }

  async remove(conn: RuntimeConnection, revision: string): Promise<void> {
    await conn.execute(
      `DELETE FROM ${this.qualifiedName} WHERE revision = ${this.#dialect.literal(revision)}`,
    );
  }

  /**
   * Writes the net result of several steps: every revision in `changes` loses its row, and
   * those with a checksum get the new one (`null`: downgraded or unreadable). Batched, so a
   * run of a thousand steps costs a few statements instead of two per step.
   */
  async applyNet(conn: RuntimeConnection, changes: ReadonlyMap<string, string | null>): Promise<void> {
    const d = this.#dialect;
    const all = [...changes.keys()];
    for (let i = 0; i < all.length; i += BATCH) {
      const ids = all.slice(i, i + BATCH).map((r) => d.literal(r));
      await conn.execute(`DELETE FROM ${this.qualifiedName} WHERE revision IN (${ids.join(', ')})`);
    }
    const rows: string[] = [];
    for (const [revision, checksum] of changes) {
      if (checksum !== null) rows.push(`(${d.literal(revision)}, ${d.literal(checksum)})`);
    }
    for (let i = 0; i < rows.length; i += BATCH) {
      await conn.execute(
        `INSERT INTO ${this.qualifiedName} (revision, checksum) VALUES ${rows.slice(i, i + BATCH).join(', ')}`,
      );
    }
  }

  async purge(conn: RuntimeConnection): Promise<void> {
    await conn.execute(`DELETE FROM ${this.qualifiedName}`);
  }

  /** revision → checksum; empty when the table is missing. Never writes. */
  async read(conn: RuntimeConnection): Promise<Map<string, string>> {
    if (!(await this.exists(conn))) return new Map();
    const { rows } = await conn.execute(`SELECT revision, checksum FROM ${this.qualifiedName}`);
    return new Map(rows.map((r) => [String(r.revision), String(r.checksum)]));
  }
}

/** Rows per batched statement: far below every database's limit on statement size and terms. */
const BATCH = 500;

/** What the checksum check needs of a migration context and a revision map. */
interface ChecksumContext {
  readonly asSql: boolean;
  readonly dialect: RuntimeDialect;
  readonly databaseName: string;
  readonly versionTable: Pick<VersionTable, 'name' | 'schema'>;
  readonly engine: { withConnection<T>(fn: (conn: any) => Promise<T>): Promise<T> } | null;
}
interface PathMap {
  getRevision(id: string): { revision: string; path?: string } | null;
}

/**
 * One warning line per applied revision whose file changed since it was applied (or whose
 * file is gone). Reads only; an offline context or a database without the table gives none.
 */
export async function checksumWarnings(ctx: ChecksumContext, revisionMap: PathMap): Promise<string[]> {
  if (ctx.asSql || !ctx.engine) return [];
  const table = new ChecksumTable(ctx.dialect, ctx.versionTable);
  const recorded = await ctx.engine.withConnection((conn) => table.read(conn));
  const out: string[] = [];
  for (const [revision, checksum] of [...recorded].sort(([a], [b]) => (a < b ? -1 : 1))) {
    let script: { path?: string } | null = null;
    try {
      script = revisionMap.getRevision(revision);
    } catch {
      script = null;
    }
    if (!script?.path) continue; // an unknown revision is reported by the version-row checks
    const now = fileChecksum(script.path);
    if (now !== checksum) {
      out.push(
        `WARNING: revision '${revision}' was applied to database '${ctx.databaseName}' from a file that has changed since (${script.path})`,
      );
    }
  }
  return out;
}

/**
 * Refuses to plan from version rows naming a revision no file provides, with a way out
 * (Alembic stops too, but without saying how to recover).
 */
export function assertKnownHeads(
  revisionMap: { getRevision(id: string): unknown },
  heads: readonly string[],
): void {
  for (const head of heads) {
    let found: unknown = null;
    try {
      found = revisionMap.getRevision(head);
    } catch {
      found = null;
    }
    if (!found) {
      throw new CommandError(
        `Can't locate revision identified by '${head}' (the database is at a revision no file provides; restore the file, or run 'retort stamp --purge <rev>' to re-stamp)`,
      );
    }
  }
}
