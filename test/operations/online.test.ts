import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Connection, createEngine, type Engine } from '../../src/dialects/index.js';
import {
  AddColumnOp,
  AlterColumnOp,
  CreateForeignKeyOp,
  CreateIndexOp,
  CreateUniqueConstraintOp,
  Operations,
} from '../../src/operations/index.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';
import { columnsOf, constraintsOf, count, indexesOf, onlineOps, tableExists } from './helpers.js';

describeEachDialect('operations online', (kind) => {
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
  const run = (fn: (op: Operations, conn: Connection) => Promise<void>) =>
    engine.withConnection((conn) => fn(onlineOps(conn), conn));

  it('createTable, renameTable, addColumn, dropColumn, dropTable', async () => {
    await run(async (op, conn) => {
      await op.createTable('acct', [
        op.column('id', 'integer', { primaryKey: true, autoincrement: true }),
        op.column('email', 'string(120)', { nullable: false }),
        op.column('state', 'string(10)', { serverDefault: "'new'" }),
        op.unique(['email'], { name: 'uq_acct_email' }),
        op.check("state <> ''", { name: 'ck_acct_state' }),
      ]);
      await op.createTable('item', [
        op.column('id', 'integer', { primaryKey: true, autoincrement: true }),
        op.column('acct_id', 'integer'),
        op.foreignKey(['acct_id'], 'acct', ['id'], { name: 'fk_item_acct', onDelete: 'cascade' }),
      ]);
      const cols = await columnsOf(conn, 'acct');
      expect(cols.map((c) => c.name)).toEqual(['id', 'email', 'state']);
      expect(cols.map((c) => c.nullable)).toEqual([false, false, true]);
      expect(cols[1]?.type.toLowerCase()).toMatch(/varchar|character varying/);
      expect(cols[2]?.default).toMatch(/new/);
      const cons = await constraintsOf(conn, 'acct');
      expect(cons).toContainEqual(['uq_acct_email', 'u']);
      expect(cons).toContainEqual(['ck_acct_state', 'c']);
      expect(await constraintsOf(conn, 'item')).toContainEqual(['fk_item_acct', 'f']);

      await op.bulkInsert('acct', [{ email: 'a@x' }, { email: 'b@x' }]);
      const { rows } = await conn.execute(`SELECT id FROM ${conn.dialect.quoteTable('acct')} ORDER BY id`);
      expect(rows.map((r) => Number(r.id))).toEqual([1, 2]);
      await expect(op.bulkInsert('acct', [{ email: 'a@x' }])).rejects.toThrow();

      await op.renameTable('item', 'thing');
      expect(await tableExists(conn, 'item')).toBe(false);
      expect(await tableExists(conn, 'thing')).toBe(true);
      await op.addColumn(
        'thing',
        op.column('label', 'string(20)', { nullable: false, serverDefault: "'x'" }),
      );
      await op.bulkInsert('thing', [{ acct_id: 1 }]);
      expect(
        (await conn.execute(`SELECT label FROM ${conn.dialect.quoteTable('thing')}`)).rows[0]?.label,
      ).toBe('x');
      await op.dropColumn('thing', 'label');
      expect((await columnsOf(conn, 'thing')).map((c) => c.name)).toEqual(['id', 'acct_id']);
      await op.dropTable('thing');
      expect(await tableExists(conn, 'thing')).toBe(false);
    });
  });

  it('alterColumn: nullable, type, default, rename, comment', async () => {
    await run(async (op, conn) => {
      await op.createTable('ac', [
        op.column('id', 'integer', { primaryKey: true }),
        op.column('n', 'string(10)'),
        op.column('d', 'integer', { serverDefault: '1' }),
      ]);
      await op.bulkInsert('ac', [{ id: 1, n: '42', d: 5 }]);
      await op.alterColumn('ac', 'n', { nullable: false, existingType: 'varchar(10)' });
      expect((await columnsOf(conn, 'ac'))[1]?.nullable).toBe(false);
      await op.alterColumn('ac', 'n', {
        type: 'integer',
        existingType: 'varchar(10)',
        existingNullable: false,
        ...(conn.dialect.name === 'postgresql' ? { postgresqlUsing: 'n::integer' } : {}),
      });
      expect((await columnsOf(conn, 'ac'))[1]?.type.toLowerCase()).toMatch(/^int/);
      await op.alterColumn('ac', 'd', { serverDefault: '7', existingType: 'integer' });
      expect((await columnsOf(conn, 'ac'))[2]?.default).toMatch(/7/);
      await op.alterColumn('ac', 'd', { serverDefault: null, existingType: 'integer' });
      expect((await columnsOf(conn, 'ac'))[2]?.default ?? null).toBeNull();
      await op.alterColumn('ac', 'n', {
        newColumnName: 'num',
        existingType: 'integer',
        existingNullable: false,
      });
      await op.alterColumn('ac', 'num', {
        comment: 'a number',
        existingType: 'integer',
        existingNullable: false,
      });
      const cols = await columnsOf(conn, 'ac');
      expect(cols.map((c) => c.name)).toEqual(['id', 'num', 'd']);
      expect(cols[1]?.nullable).toBe(false);
      const { rows } = await conn.execute(`SELECT num, d FROM ${conn.dialect.quoteTable('ac')}`);
      expect(Number(rows[0]?.num)).toBe(42);
      expect(Number(rows[0]?.d)).toBe(5);
      if (conn.dialect.name === 'postgresql') {
        const c = await conn.execute("SELECT col_description('ac'::regclass, 2) AS c");
        expect(c.rows[0]?.c).toBe('a number');
      }
      if (conn.dialect.name === 'mysql') {
        const c = await conn.execute(
          "SELECT column_comment AS c FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'ac' AND column_name = 'num'",
        );
        expect(c.rows[0]?.c ?? c.rows[0]?.C).toBe('a number');
      }
      await op.dropTable('ac');
    });
  });

  it('indexes: plain, unique, partial, expression; dropIndex; reverse()', async () => {
    await run(async (op, conn) => {
      await op.createTable('ix', [
        op.column('id', 'integer', { primaryKey: true }),
        op.column('a', 'string(20)'),
        op.column('b', 'integer'),
      ]);
      await op.createIndex('ix_ix_a', 'ix', ['a']);
      await op.createIndex('ux_ix_b', 'ix', ['b'], {
        unique: true,
        where: conn.dialect.name === 'mysql' ? null : 'b > 0',
      });
      if (conn.dialect.name !== 'mysql')
        await op.createIndex('ix_ix_lower', 'ix', ['lower(a)'], { expressions: [true] });
      const names = (await indexesOf(conn, 'ix')).map((i) => i.name).sort();
      expect(names).toEqual(
        conn.dialect.name === 'mysql' ? ['ix_ix_a', 'ux_ix_b'] : ['ix_ix_a', 'ix_ix_lower', 'ux_ix_b'],
      );
      expect((await indexesOf(conn, 'ix')).find((i) => i.name === 'ux_ix_b')?.unique).toBe(true);
      await op.dropIndex('ix_ix_a', 'ix');
      const create = new CreateIndexOp('ix_ix_ab', 'ix', ['a', 'b']);
      await op.invoke(create);
      expect((await indexesOf(conn, 'ix')).map((i) => i.name)).toContain('ix_ix_ab');
      await op.invoke(create.reverse());
      expect((await indexesOf(conn, 'ix')).map((i) => i.name)).not.toContain('ix_ix_ab');
      expect((await indexesOf(conn, 'ix')).map((i) => i.name)).not.toContain('ix_ix_a');
      await op.dropTable('ix');
    });
  });

  it('constraints: unique, check, foreign key, primary key, drop; reverse()', async () => {
    await run(async (op, conn) => {
      await op.createTable('par', [
        op.column('id', 'integer', { primaryKey: true }),
        op.column('code', 'string(10)'),
      ]);
      await op.createTable('kid', [
        op.column('id', 'integer', { nullable: false }),
        op.column('par_id', 'integer'),
        op.column('v', 'integer'),
      ]);
      await op.bulkInsert('par', [{ id: 1, code: 'a' }]);
      await op.bulkInsert('kid', [{ id: 1, par_id: 1, v: 3 }]);

      const uq = new CreateUniqueConstraintOp('uq_par_code', 'par', ['code']);
      await op.invoke(uq);
      await op.createCheckConstraint('ck_kid_v', 'kid', 'v > 0');
      const fk = new CreateForeignKeyOp('fk_kid_par', 'kid', 'par', ['par_id'], ['id'], {
        onDelete: 'cascade',
      });
      await op.invoke(fk);
      await op.createPrimaryKey('pk_kid', 'kid', ['id']);
      const kidCons = await constraintsOf(conn, 'kid');
      expect(kidCons).toContainEqual(['fk_kid_par', 'f']);
      expect(kidCons).toContainEqual(['ck_kid_v', 'c']);
      expect((await constraintsOf(conn, 'par')).map(([n]) => n)).toContain('uq_par_code');
      expect(await count(conn, 'kid')).toBe(1);
      await expect(op.bulkInsert('par', [{ id: 2, code: 'a' }])).rejects.toThrow();
      await expect(op.bulkInsert('kid', [{ id: 2, par_id: 1, v: -1 }])).rejects.toThrow();
      await expect(op.bulkInsert('kid', [{ id: 1, par_id: 1, v: 1 }])).rejects.toThrow();

      await op.invoke(fk.reverse());
      await op.dropConstraint('ck_kid_v', 'kid', { type: 'check' });
      await op.invoke(uq.reverse());
      const after = (await constraintsOf(conn, 'kid')).map(([n]) => n);
      expect(after).not.toContain('fk_kid_par');
      expect(after).not.toContain('ck_kid_v');
      expect((await constraintsOf(conn, 'par')).map(([n]) => n)).not.toContain('uq_par_code');
      await op.bulkInsert('kid', [{ id: 2, par_id: 99, v: -1 }]);
      expect(await count(conn, 'kid')).toBe(2);
      await op.dropTable('kid');
      await op.dropTable('par');
    });
  });

  it('table comments, execute, bulkInsert values', async () => {
    await run(async (op, conn) => {
      await op.createTable('vals', [
        op.column('id', 'integer', { primaryKey: true }),
        op.column('s', 'text'),
        op.column('b', 'boolean'),
        op.column('t', 'datetime'),
        op.column('j', 'text'),
      ]);
      await op.createTableComment('vals', "it's");
      if (conn.dialect.name === 'postgresql') {
        expect(
          (await conn.execute("SELECT obj_description('vals'::regclass, 'pg_class') AS c")).rows[0]?.c,
        ).toBe("it's");
      }
      if (conn.dialect.name === 'mysql') {
        const r = await conn.execute(
          "SELECT table_comment AS c FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'vals'",
        );
        expect(r.rows[0]?.c ?? r.rows[0]?.C).toBe("it's");
      }
      await op.dropTableComment('vals', { existingComment: "it's" });
      const when = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
      await op.bulkInsert('vals', [
        { id: 1, s: "o'k\\", b: true, t: when, j: { a: [1] } },
        { id: 2, s: null, b: false, t: null, j: null },
        { id: 3, s: op.inlineLiteral('lit'), b: op.inlineLiteral(true) },
      ]);
      await op.execute(`UPDATE ${conn.dialect.quoteTable('vals')} SET s = 'x' WHERE id = 2`);
      await op.execute(
        sql`UPDATE ${sql.table('vals')} SET ${sql.ref('j')} = ${'{"z":1}'} WHERE ${sql.ref('id')} = ${3}`,
      );
      const { rows } = await conn.execute(`SELECT * FROM ${conn.dialect.quoteTable('vals')} ORDER BY id`);
      expect(rows.map((r) => r.s)).toEqual(["o'k\\", 'x', 'lit']);
      expect(rows.map((r) => Boolean(Number(r.b) || r.b === true))).toEqual([true, false, true]);
      expect(JSON.parse(String(rows[0]?.j))).toEqual({ a: [1] });
      expect(rows[2]?.j).toBe('{"z":1}');
      const t = rows[0]?.t;
      expect(t instanceof Date ? t.getTime() : new Date(`${String(t).replace(' ', 'T')}Z`).getTime()).toBe(
        when.getTime(),
      );
      await op.dropTable('vals');
    });
  });

  it('hostile identifiers online', async () => {
    await run(async (op, conn) => {
      for (const name of ['we"ird', 'a;b', 'back\\slash', 'ünï', 'tick`y']) {
        await op.createTable(name, [
          op.column('id', 'integer', { primaryKey: true }),
          op.column(name, 'string(20)'),
        ]);
        await op.addColumn(name, op.column(`${name}2`, 'integer'));
        await op.createIndex(`ix_${name}`, name, [name]);
        await op.bulkInsert(name, [{ id: 1, [name]: name }]);
        await op.alterColumn(name, `${name}2`, { newColumnName: `${name}3`, existingType: 'integer' });
        await op.alterColumn(name, name, { nullable: false, existingType: 'varchar(20)' });
        const cols = await columnsOf(conn, name);
        expect(cols.map((c) => c.name)).toEqual(['id', name, `${name}3`]);
        expect(cols[1]?.nullable).toBe(false);
        expect((await indexesOf(conn, name)).map((i) => i.name)).toEqual([`ix_${name}`]);
        const { rows } = await conn.execute(
          `SELECT ${conn.dialect.quoteIdentifier(name)} AS v FROM ${conn.dialect.quoteTable(name)}`,
        );
        expect(rows[0]?.v).toBe(name);
        await op.dropIndex(`ix_${name}`, name);
        await op.dropTable(name);
        expect(await tableExists(conn, name)).toBe(false);
      }
    });
  });

  it('PostgreSQL enums: create, add value, use, drop (nothing elsewhere)', async () => {
    await run(async (op, conn) => {
      await op.createEnum('mood', ['sad', 'ok']);
      await op.alterEnumAddValue('mood', 'happy', { after: 'ok' });
      if (conn.dialect.name !== 'postgresql') {
        await op.dropEnum('mood');
        return;
      }
      await op.createTable('m', [op.column('v', 'mood')]);
      await op.bulkInsert('m', [{ v: 'happy' }]);
      const { rows } = await conn.execute('SELECT enum_range(NULL::mood)::text AS r');
      expect(rows[0]?.r).toBe('{sad,ok,happy}');
      await op.dropTable('m');
      await op.dropEnum('mood');
      expect((await conn.execute("SELECT 1 FROM pg_type WHERE typname = 'mood'")).rows).toHaveLength(0);
    });
  });

  it('reverse() of add/alter undoes them', async () => {
    await run(async (op, conn) => {
      await op.createTable('rv', [
        op.column('id', 'integer', { primaryKey: true }),
        op.column('a', 'string(10)'),
      ]);
      const add = new AddColumnOp('rv', op.column('b', 'integer'));
      await op.invoke(add);
      await op.invoke(add.reverse());
      expect((await columnsOf(conn, 'rv')).map((c) => c.name)).toEqual(['id', 'a']);
      const alter = new AlterColumnOp('rv', 'a', {
        nullable: false,
        existingNullable: true,
        newColumnName: 'aa',
        existingType: 'varchar(10)',
      });
      await op.invoke(alter);
      expect((await columnsOf(conn, 'rv'))[1]).toMatchObject({ name: 'aa', nullable: false });
      await op.invoke(alter.reverse());
      expect((await columnsOf(conn, 'rv'))[1]).toMatchObject({ name: 'a', nullable: true });
      await op.dropTable('rv');
    });
  });
});

describeEachDialect(
  'batchAlterTable recreate=always with copyFrom',
  (kind) => {
    it('moves and copies, keeping rows, named constraints and indexes', async () => {
      const db = await createTestDatabase(kind);
      const engine = createEngine(db.url);
      try {
        await engine.withConnection(async (conn) => {
          const op = onlineOps(conn);
          const parent = await op.createTable('bp', [op.column('id', 'integer', { primaryKey: true })]);
          const table = await op.createTable('bt', [
            op.column('id', 'integer', { nullable: false }),
            op.column('p', 'integer'),
            op.column('name', 'string(20)'),
            op.primaryKey(['id'], { name: 'pk_bt' }),
            op.unique(['name'], { name: 'uq_bt_name' }),
            op.foreignKey(['p'], 'bp', ['id'], { name: 'fk_bt_bp' }),
          ]);
          await op.createIndex('ix_bt_p', 'bt', ['p']);
          await op.bulkInsert(parent, [{ id: 1 }]);
          await op.bulkInsert(table, [{ id: 1, p: 1, name: 'a' }]);
          await op.batchAlterTable(
            'bt',
            { recreate: 'always', copyFrom: { ...table, indexes: [{ name: 'ix_bt_p', columns: ['p'] }] } },
            async (b) => {
              b.addColumn(b.column('extra', 'integer', { serverDefault: '5' }));
              b.alterColumn('name', { nullable: false });
            },
          );
          const cols = await columnsOf(conn, 'bt');
          expect(cols.map((c) => c.name)).toEqual(['id', 'p', 'name', 'extra']);
          expect(cols[2]?.nullable).toBe(false);
          expect(await count(conn, 'bt')).toBe(1);
          const cons = (await constraintsOf(conn, 'bt')).map(([n]) => n);
          expect(cons).toEqual(expect.arrayContaining(['uq_bt_name', 'fk_bt_bp']));
          expect((await indexesOf(conn, 'bt')).map((i) => i.name)).toContain('ix_bt_p');
          expect(await tableExists(conn, '_alembic_tmp_bt')).toBe(false);
        });
      } finally {
        await engine.close();
        await db.drop();
      }
    });
  },
  { only: ['sqlite', 'postgresql', 'mysql'] },
);

describeEachDialect(
  'batchAlterTable recreate=always through the context reflectTable hook',
  (kind) => {
    it('reads the table with the schema layer and rebuilds it', async () => {
      const { introspect } = await import('../../src/schema/index.js');
      const db = await createTestDatabase(kind);
      const engine = createEngine(db.url);
      try {
        await engine.withConnection(async (conn) => {
          const op = new Operations({
            dialect: conn.dialect,
            connection: conn,
            asSql: false,
            emit: () => {},
            database: '',
            reflectTable: async (table) => {
              const spec = await introspect(conn);
              const found = spec.tables.find((t) => t.name === table);
              if (!found) throw new Error(`no table ${table}`);
              return found;
            },
          });
          await op.createTable('hk', [
            op.column('id', 'integer', { primaryKey: true }),
            op.column('name', 'string(20)'),
            op.unique(['name'], { name: 'uq_hk_name' }),
          ]);
          await op.bulkInsert('hk', [{ id: 1, name: 'a' }]);
          await op.batchAlterTable('hk', { recreate: 'always' }, (b) => {
            b.alterColumn('name', { nullable: false });
          });
          expect((await columnsOf(conn, 'hk'))[1]?.nullable).toBe(false);
          expect(await count(conn, 'hk')).toBe(1);
          expect((await constraintsOf(conn, 'hk')).map(([n]) => n)).toContain('uq_hk_name');
        });
      } finally {
        await engine.close();
        await db.drop();
      }
    });
  },
  { only: ['postgresql', 'mysql'] },
);
