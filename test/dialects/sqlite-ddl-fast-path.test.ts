import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/dialects/index.js';

// An engine opened from a sqlite: URL runs single CREATE TABLE/INDEX and DROP INDEX
// statements with better-sqlite3's exec; results and errors must match Kysely's path.
describe('SQLite DDL on a URL engine', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const engine = () => {
    const dir = mkdtempSync(join(tmpdir(), 'retort-ddl-'));
    dirs.push(dir);
    return createEngine(`sqlite:${join(dir, 'db.sqlite')}`);
  };

  it('creates tables and indexes with the result Kysely reports (no rows, 0 changed)', async () => {
    const e = engine();
    try {
      await e.withConnection(async (conn) => {
        await conn.execute('CREATE TABLE p (id INTEGER PRIMARY KEY)');
        await conn.execute('INSERT INTO p VALUES (1), (2)');
        const created = await conn.execute('CREATE TABLE t (id INTEGER, name TEXT)');
        expect(created).toEqual({ rows: [], numAffectedRows: 0n });
        expect(await conn.execute('  create unique index ix on t (name)')).toEqual({
          rows: [],
          numAffectedRows: 0n,
        });
        expect(await conn.execute('DROP INDEX ix')).toEqual({ rows: [], numAffectedRows: 0n });
        const rows = await conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        expect(rows.rows).toEqual([{ name: 'p' }, { name: 't' }]);
      });
    } finally {
      await e.close();
    }
  });

  it('runs inside the pinned transaction and rolls back with it', async () => {
    const e = engine();
    try {
      await e.withConnection(async (conn) => {
        await conn.execute('BEGIN IMMEDIATE');
        await conn.execute('CREATE TABLE t (id INTEGER)');
        await conn.execute('ROLLBACK');
        const rows = await conn.execute("SELECT name FROM sqlite_master WHERE name = 't'");
        expect(rows.rows).toEqual([]);
      });
    } finally {
      await e.close();
    }
  });

  it('keeps the errors of prepare-and-run: a second statement and a duplicate table fail', async () => {
    const e = engine();
    try {
      await e.withConnection(async (conn) => {
        await expect(conn.execute('CREATE TABLE a (x); CREATE TABLE b (y)')).rejects.toThrow(
          /more than one statement/,
        );
        const rows = await conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
        expect(rows.rows).toEqual([]);
        await conn.execute('CREATE TABLE a (x)');
        await expect(conn.execute('CREATE TABLE a (x)')).rejects.toThrow(/table a already exists/);
        // CREATE TABLE … AS SELECT is left to Kysely (it can be a reader-free row copy)
        await conn.execute('INSERT INTO a VALUES (1)');
        expect((await conn.execute('CREATE TABLE c AS SELECT * FROM a')).rows).toEqual([]);
      });
    } finally {
      await e.close();
    }
  });
});
