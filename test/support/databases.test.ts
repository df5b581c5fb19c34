import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  availableTestDialects,
  createTestDatabase,
  describeEachDialect,
  type TestDatabase,
  withTestDatabase,
} from './databases.js';

/** Connects with the raw driver, checks `select 1` and counts user tables. */
async function probe(db: TestDatabase): Promise<{ one: number; tables: number }> {
  switch (db.kind) {
    case 'sqlite': {
      const conn = new Database(db.url.slice('sqlite:'.length));
      try {
        const one = (conn.prepare('select 1 as one').get() as { one: number }).one;
        const tables = (
          conn.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as { n: number }
        ).n;
        return { one, tables };
      } finally {
        conn.close();
      }
    }
    case 'pglite': {
      const conn = new PGlite(db.url.slice('pglite:'.length));
      try {
        const one = (await conn.query<{ one: number }>('select 1 as one')).rows[0].one;
        const tables = (
          await conn.query<{ n: number }>(
            "select count(*)::int as n from information_schema.tables where table_schema = 'public'",
          )
        ).rows[0].n;
        return { one, tables };
      } finally {
        await conn.close();
      }
    }
    case 'postgresql': {
      const conn = new pg.Client({ connectionString: db.url });
      await conn.connect();
      try {
        const one = (await conn.query('select 1 as one')).rows[0].one;
        const tables = (
          await conn.query(
            "select count(*)::int as n from information_schema.tables where table_schema = 'public'",
          )
        ).rows[0].n;
        return { one, tables };
      } finally {
        await conn.end();
      }
    }
    case 'mysql': {
      const conn = await mysql.createConnection(db.url);
      try {
        const [rows] = await conn.query('select 1 as one');
        const [t] = await conn.query(
          'select count(*) as n from information_schema.tables where table_schema = database()',
        );
        return { one: Number((rows as any)[0].one), tables: Number((t as any)[0].n) };
      } finally {
        await conn.end();
      }
    }
  }
}

async function createTable(db: TestDatabase): Promise<void> {
  const sql = 'create table probe (id integer primary key)';
  switch (db.kind) {
    case 'sqlite': {
      const conn = new Database(db.url.slice('sqlite:'.length));
      conn.exec(sql);
      conn.close();
      return;
    }
    case 'pglite': {
      const conn = new PGlite(db.url.slice('pglite:'.length));
      await conn.exec(sql);
      await conn.close();
      return;
    }
    case 'postgresql': {
      const conn = new pg.Client({ connectionString: db.url });
      await conn.connect();
      await conn.query(sql);
      await conn.end();
      return;
    }
    case 'mysql': {
      const conn = await mysql.createConnection(db.url);
      await conn.query(sql);
      await conn.end();
      return;
    }
  }
}

describe('test support', () => {
  it.runIf(!process.env.RETORT_TEST_DIALECTS)('always offers sqlite and pglite', () => {
    expect(availableTestDialects).toContain('sqlite');
    expect(availableTestDialects).toContain('pglite');
  });

  it.runIf(process.env.CI === 'true')('offers the server dialects in CI', () => {
    expect(availableTestDialects).toContain('postgresql');
    expect(availableTestDialects).toContain('mysql');
  });
});

describeEachDialect('createTestDatabase', (kind) => {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of made) await db.drop();
  });

  it('gives a working, empty database with a URL of the expected scheme', async () => {
    const db = await createTestDatabase(kind);
    made.push(db);
    const scheme = { sqlite: 'sqlite:/', pglite: 'pglite:/', postgresql: 'postgres://', mysql: 'mysql://' }[
      kind
    ];
    expect(db.url.startsWith(scheme)).toBe(true);
    expect(await probe(db)).toEqual({ one: 1, tables: 0 });
  });

  it('gives a different database on every call, and drop() removes it', async () => {
    const a = await createTestDatabase(kind);
    const b = await createTestDatabase(kind);
    made.push(a, b);
    expect(a.url).not.toBe(b.url);
    await createTable(a);
    expect((await probe(a)).tables).toBe(1);
    expect((await probe(b)).tables).toBe(0);

    await a.drop();
    if (kind === 'sqlite' || kind === 'pglite') {
      const path = a.url.slice(kind.length + 1);
      expect(existsSync(path)).toBe(false);
    } else {
      await expect(probe(a)).rejects.toThrow();
    }
    await a.drop(); // idempotent
  });
});

it('withTestDatabase drops the database even when the callback throws', async () => {
  let url = '';
  await expect(
    withTestDatabase('sqlite', async (db) => {
      url = db.url;
      await createTable(db);
      throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
  expect(url).toMatch(/^sqlite:\//);
  expect(existsSync(url.slice('sqlite:'.length))).toBe(false);
  expect(await withTestDatabase('sqlite', async (db) => (await probe(db)).one)).toBe(1);
});

it('keeps scratch files inside the per-run folder', () => {
  const root = process.env.RETORT_TEST_TMPDIR;
  expect(root).toBeTruthy();
  expect(existsSync(root!)).toBe(true);
  expect(Array.isArray(readdirSync(root!))).toBe(true);
  expect(fileURLToPath(import.meta.url)).toMatch(/databases\.test\.ts$/);
});
