/**
 * Fresh, empty test databases for every dialect retort supports.
 *
 * The servers (PostgreSQL, MariaDB) are started by `global-setup.ts`, which passes their URLs in
 * `RETORT_TEST_POSTGRES_URL` and `RETORT_TEST_MYSQL_URL`. SQLite and PGlite need no server and
 * are always available.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { describe } from 'vitest';

export type TestDialect = 'sqlite' | 'pglite' | 'postgresql' | 'mysql';

export interface TestDatabase {
  kind: TestDialect;
  /** A retort URL: `sqlite:/abs/x.db`, `pglite:/abs/dir`, `postgres://…/db`, `mysql://…/db`. */
  url: string;
  /** Removes the database (idempotent). */
  drop(): Promise<void>;
}

/** Environment variable holding the PostgreSQL server URL (set by global setup or by hand). */
export const POSTGRES_URL_ENV = 'RETORT_TEST_POSTGRES_URL';
/** Environment variable holding the MariaDB/MySQL server URL (set by global setup or by hand). */
export const MYSQL_URL_ENV = 'RETORT_TEST_MYSQL_URL';

/** Every dialect tests can use on this machine, in a stable order. */
export const availableTestDialects: readonly TestDialect[] = Object.freeze([
  'sqlite',
  'pglite',
  ...(process.env[POSTGRES_URL_ENV] ? (['postgresql'] as const) : []),
  ...(process.env[MYSQL_URL_ENV] ? (['mysql'] as const) : []),
]);

/** Dialects backed by a real server process (not in-process SQLite/PGlite). */
export const serverTestDialects: readonly TestDialect[] = availableTestDialects.filter(
  (d) => d === 'postgresql' || d === 'mysql',
);

function scratchDir(prefix: string): string {
  const root = process.env.RETORT_TEST_TMPDIR ?? tmpdir();
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, prefix));
}

function serverUrl(envVar: string, kind: TestDialect): URL {
  const raw = process.env[envVar];
  if (!raw) throw new Error(`test dialect ${kind} is not available: ${envVar} is not set`);
  return new URL(raw);
}

function withDatabase(base: URL, name: string): string {
  const u = new URL(base.href);
  u.pathname = `/${name}`;
  return u.href;
}

function randomName(): string {
  return `retort_t_${randomBytes(6).toString('hex')}`;
}

async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function withMysql<T>(url: string, fn: (c: mysql.Connection) => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection(url);
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}

/** Creates a fresh, empty database of the given dialect. Call `drop()` when done. */
export async function createTestDatabase(kind: TestDialect): Promise<TestDatabase> {
  switch (kind) {
    case 'sqlite': {
      const dir = scratchDir('sqlite-');
      return {
        kind,
        url: `sqlite:${join(dir, 'test.db')}`,
        async drop() {
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    case 'pglite': {
      const dir = scratchDir('pglite-');
      return {
        kind,
        url: `pglite:${dir}`,
        async drop() {
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    case 'postgresql': {
      const base = serverUrl(POSTGRES_URL_ENV, kind);
      const name = randomName();
      await withPg(base.href, (c) => c.query(`CREATE DATABASE "${name}"`));
      let dropped = false;
      return {
        kind,
        url: withDatabase(base, name),
        async drop() {
          if (dropped) return;
          dropped = true;
          // FORCE: a test that leaked a connection must not make cleanup fail.
          await withPg(base.href, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
        },
      };
    }
    case 'mysql': {
      const base = serverUrl(MYSQL_URL_ENV, kind);
      const name = randomName();
      await withMysql(base.href, (c) => c.query(`CREATE DATABASE \`${name}\``));
      let dropped = false;
      return {
        kind,
        url: withDatabase(base, name),
        async drop() {
          if (dropped) return;
          dropped = true;
          await withMysql(base.href, (c) => c.query(`DROP DATABASE IF EXISTS \`${name}\``));
        },
      };
    }
    default:
      throw new Error(`unknown test dialect: ${String(kind)}`);
  }
}

/**
 * Runs a `describe` block once per available dialect (or per dialect in `only` that is
 * available). The block is named `<name> [<dialect>]`.
 */
export function describeEachDialect(
  name: string,
  fn: (kind: TestDialect) => void,
  options: { only?: readonly TestDialect[] } = {},
): void {
  const kinds = options.only
    ? availableTestDialects.filter((d) => options.only!.includes(d))
    : availableTestDialects;
  if (kinds.length === 0) {
    describe.skip(`${name} (no available dialect)`, () => {});
    return;
  }
  describe.each(kinds.map((k) => [k] as const))(`${name} [%s]`, (kind) => fn(kind));
}
