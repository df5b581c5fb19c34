import Database from 'better-sqlite3';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEngine,
  type Engine,
  getDialect,
  PGliteDialect,
  type TableSpec,
} from '../../src/dialects/index.js';
import {
  createTestDatabase,
  describeEachDialect,
  type TestDatabase,
  testWhen,
} from '../support/databases.js';

const hostile = ['we"ird', 'a;b', 'back\\slash', 'ünï', 'tick`y'];

describeEachDialect('engine', (kind) => {
  let db: TestDatabase;
  let engine: Engine;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    engine = createEngine(db.url);
  });
  afterAll(async () => {
    await engine.close();
    await db.drop();
  });

  testWhen(kind === 'postgresql')(
    'survives the server ending an idle pooled connection, and reconnects',
    async () => {
      const pidOf = async () =>
        engine.withConnection(
          async (conn) => (await conn.execute('SELECT pg_backend_pid() AS pid')).rows[0]!.pid,
        );
      const idle = await pidOf();
      const other = createEngine(db.url);
      try {
        await other.withConnection((conn) => conn.execute('SELECT pg_terminate_backend($1)', [idle]));
      } finally {
        await other.close();
      }
      // the pool hears of it on the idle client; an unhandled 'error' event would fail the run
      await new Promise((done) => setTimeout(done, 200));
      expect(await pidOf()).not.toBe(idle);
    },
  );

  it('reports its dialect and masks the URL', () => {
    expect(engine.dialect.name).toBe(kind === 'pglite' ? 'postgresql' : kind);
    expect(engine.displayUrl).not.toMatch(/:retort@/);
  });

  it('creates, fills, reads and drops tables with hostile names', async () => {
    await engine.withConnection(async (conn) => {
      const d = conn.dialect;
      for (const name of hostile) {
        const table: TableSpec = {
          name: `t_${name}`,
          columns: [
            { name: 'id', type: 'integer', primaryKey: true, autoincrement: true },
            { name, type: 'string(40)', nullable: false },
          ],
          indexes: [{ name: `ix_${name}`, columns: [name] }],
        };
        for (const s of d.compileDdl({ kind: 'createTable', table })) await conn.execute(s);
        const values = ["it's", 'back\\slash', 'semi;colon', 'ünï"`', 'new\nline'];
        for (const v of values) {
          await conn.execute(
            `INSERT INTO ${d.quoteTable(table.name)} (${d.quoteIdentifier(name)}) VALUES (${d.literal(v)})`,
          );
        }
        const { rows } = await conn.execute(
          `SELECT ${d.quoteIdentifier(name)} AS v FROM ${d.quoteTable(table.name)} ORDER BY ${d.quoteIdentifier('id')}`,
        );
        expect(rows.map((r) => r.v)).toEqual(values);
        for (const s of d.compileDdl({ kind: 'dropTable', table: table.name })) await conn.execute(s);
      }
    });
  });

  it('round-trips literals of every kind', async () => {
    await engine.withConnection(async (conn) => {
      const d = conn.dialect;
      const { rows } = await conn.execute(
        `SELECT ${d.literal(42)} AS n, ${d.literal(12345678901234n)} AS b, ${d.literal(null)} AS z, ${d.literal("o'k\\")} AS s`,
      );
      expect(Number(rows[0]?.n)).toBe(42);
      expect(String(rows[0]?.b)).toBe('12345678901234');
      expect(rows[0]?.z).toBeNull();
      expect(rows[0]?.s).toBe("o'k\\");
    });
  });

  it('passes parameters, including booleans and dates', async () => {
    await engine.withConnection(async (conn) => {
      const p = conn.dialect.name === 'postgresql' ? ['$1', '$2'] : ['?', '?'];
      const { rows } = await conn.execute(`SELECT ${p[0]} AS a, ${p[1]} AS b`, ['x', 7]);
      expect(rows[0]).toMatchObject({ a: 'x' });
      expect(Number(rows[0]?.b)).toBe(7);
      await conn.execute(
        conn.dialect.compileDdl({
          kind: 'createTable',
          table: { name: 'flags', columns: [{ name: 'f', type: 'boolean' }] },
        })[0] as string,
      );
      const r = await conn.execute(`INSERT INTO ${conn.dialect.quoteTable('flags')} (f) VALUES (${p[0]})`, [
        true,
      ]);
      expect(r.numAffectedRows).toBe(1n);
      await conn.execute(`DROP TABLE ${conn.dialect.quoteTable('flags')}`);
    });
  });

  it('pins one connection: session state is shared across statements', async () => {
    await engine.withConnection(async (conn) => {
      if (conn.dialect.name === 'sqlite') {
        await conn.execute('CREATE TEMP TABLE pinned (x INTEGER)');
        await conn.execute('INSERT INTO pinned VALUES (1)');
        expect((await conn.execute('SELECT count(*) AS c FROM pinned')).rows[0]?.c).toBe(1);
        await conn.execute('DROP TABLE pinned');
      } else {
        await conn.execute('CREATE TEMPORARY TABLE pinned (x INTEGER)');
        await conn.execute('INSERT INTO pinned VALUES (1)');
        expect(Number((await conn.execute('SELECT count(*) AS c FROM pinned')).rows[0]?.c)).toBe(1);
        await conn.execute('DROP TABLE pinned');
      }
    });
  });
});

describe('createEngine inputs', () => {
  it('takes a Kysely instance and never closes it', async () => {
    const raw = new Database(':memory:');
    const kysely = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });
    const engine = createEngine(kysely);
    expect(engine.dialect.name).toBe('sqlite');
    await engine.withConnection((c) => c.execute('CREATE TABLE k (x)'));
    await engine.close();
    expect(raw.open).toBe(true);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name='k'").get()).toBeTruthy();
    await kysely.destroy();
  });

  it('takes a Drizzle better-sqlite3 database and leaves its client open', async () => {
    const raw = new Database(':memory:');
    const engine = createEngine(drizzle(raw));
    expect(engine.dialect).toBe(getDialect('sqlite'));
    await engine.withConnection((c) => c.execute('CREATE TABLE d (x)'));
    await engine.close();
    expect(raw.open).toBe(true);
    raw.close();
  });

  it('takes a Kysely over PGlite and a Drizzle PGlite database', async () => {
    const pglite = new PGlite();
    const kysely = new Kysely<any>({ dialect: new PGliteDialect({ pglite }) });
    const e1 = createEngine(kysely);
    expect(e1.dialect.name).toBe('postgresql');
    const { rows } = await e1.withConnection((c) => c.execute('SELECT 1 + 1 AS two'));
    expect(rows[0]?.two).toBe(2);
    const { drizzle: drizzlePglite } = await import('drizzle-orm/pglite');
    const e2 = createEngine(drizzlePglite(pglite));
    expect(e2.dialect.name).toBe('postgresql');
    expect((await e2.withConnection((c) => c.execute('SELECT 3 AS x'))).rows[0]?.x).toBe(3);
    await e2.close();
    expect(pglite.closed).toBe(false);
    await pglite.close();
  });

  it('opens pglite:memory and sqlite::memory: URLs', async () => {
    for (const url of ['pglite:memory', 'sqlite::memory:']) {
      const engine = createEngine(url);
      const { rows } = await engine.withConnection((c) => c.execute('SELECT 1 AS one'));
      expect(Number(rows[0]?.one)).toBe(1);
      await engine.close();
      await expect(engine.withConnection(async () => 1)).rejects.toThrow(/closed/);
    }
  });

  it('PGlite runs several statements without parameters (as pg does) and counts rows', async () => {
    const e = createEngine('pglite:memory');
    await e.withConnection(async (c) => {
      await c.execute('CREATE TABLE a (x int); INSERT INTO a VALUES (1), (2)');
      expect((await c.execute('UPDATE a SET x = x + 1')).numAffectedRows).toBe(2n);
      expect((await c.execute('SELECT sum(x)::int AS s FROM a')).rows[0]?.s).toBe(5);
      expect((await c.execute('SELECT $1::int AS s', [3])).rows[0]?.s).toBe(3);
    });
    await e.close();
  });

  it('rejects other inputs clearly', () => {
    expect(() => createEngine(42 as never)).toThrow(/expects a database URL/);
    expect(() => createEngine({ $client: { foo: 1 } } as never)).toThrow(/Unsupported drizzle client/);
  });
});

describeEachDialect(
  'createEngine from server clients',
  (kind) => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(kind);
    });
    afterAll(async () => {
      await db.drop();
    });

    const check = async (engine: Engine, expected: 'postgresql' | 'mysql') => {
      expect(engine.dialect.name).toBe(expected);
      expect(engine.displayUrl).not.toMatch(/retort:retort@|:[^*@/]+@/);
      const { rows } = await engine.withConnection((c) => c.execute('SELECT 1 + 1 AS two'));
      expect(Number(rows[0]?.two)).toBe(2);
      await engine.close();
    };

    if (kind === 'postgresql') {
      it('pg Pool, pg Client and Drizzle over them', async () => {
        const pg = (await import('pg')).default;
        const pool = new pg.Pool({ connectionString: db.url });
        await check(createEngine({ $client: pool }), 'postgresql');
        const { drizzle } = await import('drizzle-orm/node-postgres');
        await check(createEngine(drizzle(pool)), 'postgresql');
        expect((await pool.query('SELECT 3 AS x')).rows[0].x).toBe(3);
        await pool.end();
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        await check(createEngine({ $client: client }), 'postgresql');
        expect((await client.query('SELECT 4 AS x')).rows[0].x).toBe(4);
        await client.end();
      });
    } else {
      it('mysql2 pools and connections (callback and promise) and Drizzle', async () => {
        const mysql = (await import('mysql2')).default;
        const mysqlp = (await import('mysql2/promise')).default;
        const pool = mysql.createPool(db.url);
        await check(createEngine({ $client: pool }), 'mysql');
        await new Promise<void>((r) => pool.end(() => r()));
        const ppool = mysqlp.createPool(db.url);
        const { drizzle } = await import('drizzle-orm/mysql2');
        await check(createEngine(drizzle({ client: ppool })), 'mysql');
        expect(((await ppool.query('SELECT 5 AS x'))[0] as { x: number }[])[0]?.x).toBe(5);
        await ppool.end();
        const conn = await mysqlp.createConnection(db.url);
        await check(createEngine({ $client: conn }), 'mysql');
        expect(((await conn.query('SELECT 6 AS x'))[0] as { x: number }[])[0]?.x).toBe(6);
        await conn.end();
      });
    }
  },
  { only: ['postgresql', 'mysql'] },
);
