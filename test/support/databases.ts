/**
 * Fresh, empty test databases for every dialect retort supports.
 *
 * The servers (PostgreSQL, MariaDB) are started by `global-setup.ts`, which passes their URLs in
 * `RETORT_TEST_POSTGRES_URL` and `RETORT_TEST_MYSQL_URL`. SQLite and PGlite need no server and
 * are always available.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { describe, test } from 'vitest';

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

/** Optional comma-separated list narrowing the dialects, e.g. `RETORT_TEST_DIALECTS=sqlite,mysql`. */
export const DIALECTS_ENV = 'RETORT_TEST_DIALECTS';

const wanted = process.env[DIALECTS_ENV]
  ?.split(',')
  .map((d) => d.trim())
  .filter(Boolean);

/** Every dialect tests can use on this machine, in a stable order. */
export const availableTestDialects: readonly TestDialect[] = Object.freeze(
  (
    [
      'sqlite',
      'pglite',
      ...(process.env[POSTGRES_URL_ENV] ? (['postgresql'] as const) : []),
      ...(process.env[MYSQL_URL_ENV] ? (['mysql'] as const) : []),
    ] as TestDialect[]
  ).filter((d) => !wanted?.length || wanted.includes(d)),
);

/** Dialects backed by a real server process (not in-process SQLite/PGlite). */
export const serverTestDialects: readonly TestDialect[] = availableTestDialects.filter(
  (d) => d === 'postgresql' || d === 'mysql',
);

function scratchDir(prefix: string): string {
  const root = process.env.RETORT_TEST_TMPDIR ?? tmpdir();
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, prefix));
}

let pgliteTemplate: Promise<string> | undefined;

/**
 * An initialised, empty PGlite data folder to copy: PGlite's initdb takes seconds, a copy and
 * open well under one. Built once per PGlite version and kept in the system temp folder; a
 * lock file makes parallel workers wait for one builder instead of all building.
 */
function pgliteTemplateDir(): Promise<string> {
  pgliteTemplate ??= (async () => {
    const require = createRequire(import.meta.url);
    let pkgDir = dirname(require.resolve('@electric-sql/pglite'));
    while (!existsSync(join(pkgDir, 'package.json'))) pkgDir = dirname(pkgDir);
    const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version as string;
    const tpl = join(tmpdir(), `retort-pglite-template-${version}`);
    const lock = `${tpl}.lock`;
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (existsSync(tpl)) return tpl;
      try {
        closeSync(openSync(lock, 'wx'));
        break;
      } catch {
        // A builder that died leaves its lock behind; take over after a while.
        try {
          if (Date.now() - statSync(lock).mtimeMs > 120_000) unlinkSync(lock);
        } catch {}
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    try {
      if (existsSync(tpl)) return tpl;
      const building = mkdtempSync(`${tpl}.build-`);
      const { PGlite } = await import('@electric-sql/pglite');
      const db = new PGlite(building);
      await db.query('select 1');
      await db.close();
      // rename is atomic: a template that exists is complete.
      try {
        renameSync(building, tpl);
      } catch (err) {
        // Someone built it without our lock (e.g. the lock file was deleted): use theirs.
        rmSync(building, { recursive: true, force: true });
        if (!existsSync(tpl)) throw err;
      }
      return tpl;
    } finally {
      rmSync(lock, { force: true });
    }
  })();
  return pgliteTemplate;
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
      cpSync(await pgliteTemplateDir(), dir, { recursive: true });
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

/** Runs `fn` with a fresh database of `kind` and drops it afterwards, even when `fn` throws. */
export async function withTestDatabase<T>(
  kind: TestDialect,
  fn: (db: TestDatabase) => Promise<T>,
): Promise<T> {
  const db = await createTestDatabase(kind);
  try {
    return await fn(db);
  } finally {
    await db.drop();
  }
}

/**
 * `test`, registered only where it applies: a case that means nothing on a dialect (comments
 * on SQLite, enums outside PostgreSQL) is not a skipped test, it is not a test there at all.
 */
export function testWhen(applies: boolean): typeof test {
  return applies ? test : ((() => {}) as unknown as typeof test);
}
