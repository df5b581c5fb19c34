import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One revision file to write. `up`/`down` are statement bodies using `op` and `database`. */
export interface RevisionSpec {
  rev: string;
  down?: string | string[] | null;
  labels?: string[];
  deps?: string[];
  message?: string;
  up?: string;
  downBody?: string;
}

function lit(value: unknown): string {
  return JSON.stringify(value);
}

/** Writes revision files into a fresh folder and returns its path. */
export function writeRevisions(revisions: readonly RevisionSpec[], dir?: string): string {
  const root = dir ?? mkdtempSync(join(process.env.RETORT_TEST_TMPDIR ?? tmpdir(), 'runtime-revs-'));
  mkdirSync(root, { recursive: true });
  for (const r of revisions) {
    const message = r.message ?? `rev ${r.rev}`;
    const text = `/**
 * ${message}
 *
 * Revision ID: ${r.rev}
 * Revises: ${Array.isArray(r.down) ? r.down.join(', ') : (r.down ?? '')}
 * Create Date: 2026-11-24 00:00:00.000000
 */
export const revision = ${lit(r.rev)};
export const downRevision: string | readonly string[] | null = ${lit(r.down ?? null)};
export const branchLabels: readonly string[] = ${lit(r.labels ?? [])};
export const dependsOn: readonly string[] = ${lit(r.deps ?? [])};

export async function upgrade(op: any, database: string): Promise<void> {
${r.up ?? ''}
}

export async function downgrade(op: any, database: string): Promise<void> {
${r.downBody ?? ''}
}
`;
    writeFileSync(join(root, `${r.rev}_${message.replace(/\W+/g, '_').slice(0, 40)}.ts`), text);
  }
  return root;
}

/** A revision that creates table `t_<rev>` on upgrade and drops it on downgrade. */
export function tableRevision(
  rev: string,
  down: string | string[] | null,
  extra: Partial<RevisionSpec> = {},
): RevisionSpec {
  return {
    rev,
    down,
    up: `  await op.createTable('t_${rev}', [op.column('id', 'integer', { primaryKey: true })]);`,
    downBody: `  await op.dropTable('t_${rev}');`,
    ...extra,
  };
}

/** The version rows, sorted; `null` when the table does not exist. */
export async function versionRows(engine: any, table = 'alembic_version'): Promise<string[] | null> {
  return engine.withConnection(async (conn: any) => {
    try {
      const { rows } = await conn.execute(`SELECT version_num FROM ${table}`);
      return rows.map((r: any) => String(r.version_num)).sort();
    } catch {
      return null;
    }
  });
}

/** Names of user tables starting with `t_`, sorted. */
export async function userTables(engine: any): Promise<string[]> {
  return engine.withConnection(async (conn: any) => {
    let sql: string;
    switch (conn.dialect.name) {
      case 'sqlite':
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'";
        break;
      case 'postgresql':
        sql = 'SELECT tablename AS name FROM pg_catalog.pg_tables WHERE schemaname = current_schema()';
        break;
      default:
        sql = 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()';
    }
    const { rows } = await conn.execute(sql);
    return rows
      .map((r: any) => String(r.name ?? r.NAME ?? r.TABLE_NAME))
      .filter((n: string) => n.startsWith('t_'))
      .sort();
  });
}

/** Drops every table (and, on PostgreSQL, everything in `public`) so a database can be reused. */
export async function resetDatabase(engine: any): Promise<void> {
  await engine.withConnection(async (conn: any) => {
    switch (conn.dialect.name) {
      case 'postgresql':
        await conn.execute('DROP SCHEMA public CASCADE');
        await conn.execute('CREATE SCHEMA public');
        return;
      case 'sqlite': {
        const { rows } = await conn.execute(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        );
        for (const r of rows) await conn.execute(`DROP TABLE "${r.name}"`);
        return;
      }
      default: {
        const { rows } = await conn.execute(
          'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()',
        );
        await conn.execute('SET FOREIGN_KEY_CHECKS = 0');
        for (const r of rows) await conn.execute(`DROP TABLE \`${r.name ?? r.NAME}\``);
        await conn.execute('SET FOREIGN_KEY_CHECKS = 1');
      }
    }
  });
}

/** Reads the version rows on a given connection (inside a running migration). */
export async function rowsOn(conn: any, table = 'alembic_version'): Promise<string[]> {
  const { rows } = await conn.execute(`SELECT version_num FROM ${table}`);
  return rows.map((r: any) => String(r.version_num)).sort();
}
