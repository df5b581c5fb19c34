/**
 * Hostile identifiers (issue 7, item 4): table, column, index and constraint names with
 * quotes, semicolons, backslashes and unicode are quoted correctly by every op on every
 * dialect, online and offline (the offline SQL, run against a fresh database, works too).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Connection, createEngine, getDialect } from '../../src/dialects/index.js';
import { Operations } from '../../src/operations/index.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';

// Each name would end the identifier, the statement or the string in naive SQL.
const T = `ta"b'le;--`;
const T2 = 'ch`ild\\t; DROP TABLE x';
const C1 = `i"d'`;
const C2 = 'na`me\\';
const C3 = 'ü名;';
const C4 = `re"named'`;
const IX = `ix"1';`;
const UQ = "uq'`1";
const FK = 'fk\\"1';
const T3 = 'rén"amed';

async function scenario(op: Operations, kind: string): Promise<void> {
  const dialect = getDialect(kind === 'pglite' ? 'postgresql' : (kind as 'sqlite'));
  await op.createTable(T, [
    op.column(C1, 'integer', { primaryKey: true }),
    // serverDefault is SQL expression text (as Alembic's text()): give it a quoted literal.
    op.column(C2, 'string(40)', { serverDefault: dialect.literal(`it's; "quoted" \\`) }),
  ]);
  await op.addColumn(T, op.column(C3, 'string(20)'));
  await op.createIndex(IX, T, [C2]);
  await op.createUniqueConstraint(kind === 'sqlite' ? null : UQ, T, [C3]).catch((e) => {
    // SQLite cannot add a constraint with ALTER (the batch form below does it).
    if (kind !== 'sqlite') throw e;
  });
  await op.createTable(T2, [
    op.column('id', 'integer', { primaryKey: true }),
    op.column(C1, 'integer'),
    op.foreignKey([C1], T, [C1], { name: FK, onDelete: 'cascade' }),
  ]);
  await op.bulkInsert(
    {
      name: T,
      columns: [op.column(C1, 'integer'), op.column(C2, 'string(40)'), op.column(C3, 'string(20)')],
    } as any,
    [{ [C1]: 1, [C2]: `O'Brien"; DROP TABLE x; --\\`, [C3]: 'ü' }],
  );
  await op.bulkInsert({ name: T2, columns: [op.column('id', 'integer'), op.column(C1, 'integer')] } as any, [
    { id: 7, [C1]: 1 },
  ]);
  if (kind === 'sqlite') {
    await op.batchAlterTable(T, { recreate: 'always' }, (b) => {
      b.alterColumn(C3, { newColumnName: C4 } as any);
    });
  } else {
    await op.alterColumn(T, C3, { newColumnName: C4, existingType: 'string(20)' } as any);
  }
  await op.renameTable(T2, T3);
  await op.dropIndex(IX, T);
}

function tableList(conn: Connection): Promise<string[]> {
  const sql =
    conn.dialect.name === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
      : conn.dialect.name === 'postgresql'
        ? 'SELECT tablename AS name FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY 1'
        : 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1';
  return conn
    .execute(sql)
    .then((r) => r.rows.map((x: any) => String(x.name ?? x.NAME ?? x.TABLE_NAME)).sort());
}

async function verify(conn: Connection): Promise<void> {
  const q = (n: string) => conn.dialect.quoteIdentifier(n);
  expect(await tableList(conn)).toEqual([T, T3].sort());
  const { rows } = await conn.execute(`SELECT ${q(C1)} AS a, ${q(C2)} AS b, ${q(C4)} AS c FROM ${q(T)}`);
  expect(rows.map((r: any) => [Number(r.a), r.b, r.c])).toEqual([[1, `O'Brien"; DROP TABLE x; --\\`, 'ü']]);
  const { rows: kids } = await conn.execute(`SELECT id FROM ${q(T3)}`);
  expect(kids.map((r: any) => Number(r.id))).toEqual([7]);
  // The server default survived quoting.
  await conn.execute(`INSERT INTO ${q(T)} (${q(C1)}) VALUES (2)`);
  const { rows: d } = await conn.execute(`SELECT ${q(C2)} AS b FROM ${q(T)} WHERE ${q(C1)} = 2`);
  expect(d[0].b).toBe(`it's; "quoted" \\`);
}

describeEachDialect('hostile identifiers', (kind) => {
  let online: TestDatabase;
  let offline: TestDatabase;
  beforeAll(async () => {
    online = await createTestDatabase(kind);
    offline = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await online?.drop();
    await offline?.drop();
  });

  it('every op quotes them online', async () => {
    const engine = createEngine(online.url);
    try {
      await engine.withConnection(async (conn) => {
        if (kind === 'sqlite') await conn.execute('PRAGMA foreign_keys = OFF');
        const op = new Operations({
          dialect: conn.dialect,
          connection: conn,
          asSql: false,
          emit: () => {},
          database: '',
        });
        await scenario(op, kind);
        await verify(conn);
      });
    } finally {
      await engine.close();
    }
  });

  it('the offline SQL quotes them and runs back against a fresh database', async () => {
    if (kind === 'sqlite') return; // the batch rebuild needs the live table offline (as Alembic)
    const statements: string[] = [];
    const dialect = getDialect(kind === 'pglite' ? 'postgresql' : (kind as any));
    const op = new Operations({ dialect, asSql: true, emit: (s) => statements.push(s), database: '' });
    await scenario(op, kind);
    const engine = createEngine(offline.url);
    try {
      await engine.withConnection(async (conn) => {
        for (const s of statements) {
          await conn.execute(s).catch((e) => {
            throw new Error(`${e.message} in: ${s}`);
          });
        }
        await verify(conn);
      });
    } finally {
      await engine.close();
    }
  });
});
