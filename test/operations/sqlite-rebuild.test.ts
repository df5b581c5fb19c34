import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  acquireMigrationLock,
  type Connection,
  createEngine,
  type Engine,
} from '../../src/dialects/index.js';
import { Operations } from '../../src/operations/index.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { columnsOf, constraintsOf, count, indexesOf, onlineOps } from './helpers.js';

let db: TestDatabase;
let engine: Engine;
beforeEach(async () => {
  db = await createTestDatabase('sqlite');
  engine = createEngine(db.url);
});
afterEach(async () => {
  await engine.close();
  await db.drop();
});

async function pragma(conn: Connection, name: string): Promise<number> {
  const { rows } = await conn.execute(`PRAGMA ${name}`);
  return Number(Object.values(rows[0] ?? {})[0]);
}

/** parent ← child (ON DELETE CASCADE) ← grandchild (ON DELETE SET NULL), with rows. */
async function family(op: Operations): Promise<void> {
  await op.createTable('parent', [
    op.column('id', 'integer', { primaryKey: true, autoincrement: true }),
    op.column('name', 'string(20)'),
    op.column('code', 'string(5)', { serverDefault: "'x'" }),
    op.unique(['code'], { name: 'uq_parent_code' }),
    op.check('length(name) < 20', { name: 'ck_parent_name' }),
    op.check("code <> ''"),
  ]);
  await op.createIndex('ix_parent_name', 'parent', ['name'], { where: 'name IS NOT NULL' });
  await op.createIndex('ix_parent_lower', 'parent', ['lower(name)'], { expressions: [true] });
  await op.createTable('child', [
    op.column('id', 'integer', { primaryKey: true }),
    op.column('parent_id', 'integer'),
    op.foreignKey(['parent_id'], 'parent', ['id'], { name: 'fk_child_parent', onDelete: 'cascade' }),
  ]);
  await op.createTable('grandchild', [
    op.column('id', 'integer', { primaryKey: true }),
    op.column('child_id', 'integer'),
    op.foreignKey(['child_id'], 'child', ['id'], { onDelete: 'set null' }),
  ]);
  await op.bulkInsert('parent', [
    { name: 'a', code: 'A' },
    { name: 'b', code: 'B' },
  ]);
  await op.bulkInsert('child', [
    { id: 10, parent_id: 1 },
    { id: 11, parent_id: 2 },
  ]);
  await op.bulkInsert('grandchild', [{ id: 100, child_id: 10 }]);
}

async function familyIntact(conn: Connection): Promise<void> {
  expect(await count(conn, 'parent')).toBe(2);
  expect(await count(conn, 'child')).toBe(2);
  const { rows } = await conn.execute('SELECT child_id FROM grandchild');
  expect(rows[0]?.child_id).toBe(10);
  const sqlText = String(
    (await conn.execute("SELECT sql FROM sqlite_master WHERE name = 'child'")).rows[0]?.sql,
  );
  expect(sqlText).toContain('REFERENCES "parent"');
}

describe('SQLite table rebuild', () => {
  it('keeps child rows of a parent with ON DELETE CASCADE while foreign_keys=ON (outside a transaction)', async () => {
    await engine.withConnection(async (conn) => {
      const op = onlineOps(conn);
      expect(await pragma(conn, 'foreign_keys')).toBe(1);
      await family(op);
      await op.alterColumn('parent', 'name', { nullable: false, type: 'text' });
      await familyIntact(conn);
      expect(await pragma(conn, 'foreign_keys')).toBe(1);
      expect((await columnsOf(conn, 'parent'))[1]).toMatchObject({
        name: 'name',
        type: 'TEXT',
        nullable: false,
      });
      // indexes, named and unnamed constraints survive
      expect((await indexesOf(conn, 'parent')).map((i) => i.name).sort()).toEqual([
        'ix_parent_lower',
        'ix_parent_name',
      ]);
      expect(await constraintsOf(conn, 'parent')).toEqual([
        ['ck_parent_name', 'c'],
        ['uq_parent_code', 'u'],
      ]);
      const parentSql = String(
        (await conn.execute("SELECT sql FROM sqlite_master WHERE name = 'parent'")).rows[0]?.sql,
      );
      expect(parentSql).toContain(`CHECK (code <> '')`);
      const ixSql = String(
        (await conn.execute("SELECT sql FROM sqlite_master WHERE name = 'ix_parent_name'")).rows[0]?.sql,
      );
      expect(ixSql).toContain('WHERE name IS NOT NULL');
      await expect(op.bulkInsert('parent', [{ name: 'c', code: 'A' }])).rejects.toThrow(/UNIQUE/);
      await expect(op.bulkInsert('parent', [{ name: 'c', code: '' }])).rejects.toThrow(/CHECK/);
      // the cascade still works afterwards: the FK now points at the new table
      await conn.execute('DELETE FROM parent WHERE id = 2');
      expect(await count(conn, 'child')).toBe(1);
    });
  });

  it('keeps child rows when the migration lock holds the transaction (foreign keys off for the run)', async () => {
    await engine.withConnection(async (conn) => {
      const op = onlineOps(conn);
      await family(op);
      const release = await acquireMigrationLock(conn, { timeoutMs: 1000 });
      expect(release.openedTransaction).toBe(true);
      expect(await pragma(conn, 'foreign_keys')).toBe(0);
      await op.batchAlterTable('parent', async (b) => {
        b.addColumn(b.column('note', 'text'), { insertAfter: 'id' });
        b.alterColumn('name', { newColumnName: 'title' });
      });
      await release();
      expect(await pragma(conn, 'foreign_keys')).toBe(1);
      await familyIntact(conn);
      expect((await columnsOf(conn, 'parent')).map((c) => c.name)).toEqual(['id', 'note', 'title', 'code']);
      const ixSql = String(
        (await conn.execute("SELECT sql FROM sqlite_master WHERE name = 'ix_parent_lower'")).rows[0]?.sql,
      );
      expect(ixSql).toContain('lower("title")');
      const ck = await constraintsOf(conn, 'parent');
      expect(ck).toContainEqual(['ck_parent_name', 'c']);
      const parentSql = String(
        (await conn.execute("SELECT sql FROM sqlite_master WHERE name = 'parent'")).rows[0]?.sql,
      );
      expect(parentSql).toContain('length("title") < 20');
    });
  });

  it('refuses (never cascades) when foreign_keys is ON inside a transaction and rows reference the table', async () => {
    await engine.withConnection(async (conn) => {
      const op = onlineOps(conn);
      await family(op);
      await conn.execute('BEGIN');
      expect(await pragma(conn, 'foreign_keys')).toBe(1);
      await expect(op.alterColumn('parent', 'name', { nullable: false })).rejects.toThrow(
        /^Cannot rebuild SQLite table "parent" while PRAGMA foreign_keys is ON inside a transaction: rows in "child" reference it/,
      );
      await conn.execute('ROLLBACK');
      await familyIntact(conn);
    });
  });

  it('uses the context hook to turn foreign keys off inside a transaction', async () => {
    await engine.withConnection(async (conn) => {
      await family(onlineOps(conn));
      await conn.execute('BEGIN');
      let called = 0;
      const op = onlineOps(conn, {
        async foreignKeysOff() {
          called++;
          // what a runtime can do: end the transaction, switch the pragma, begin again
          await conn.execute('COMMIT');
          await conn.execute('PRAGMA foreign_keys = OFF');
          await conn.execute('BEGIN');
          return true;
        },
      });
      await op.alterColumn('parent', 'code', { nullable: false });
      await conn.execute('COMMIT');
      expect(called).toBe(1);
      await familyIntact(conn);
    });
  });

  it('rebuilds inside a transaction with foreign keys ON when nothing references the table', async () => {
    await engine.withConnection(async (conn) => {
      const op = onlineOps(conn);
      await family(op);
      await conn.execute('BEGIN');
      await op.alterColumn('grandchild', 'child_id', { nullable: false });
      await op.createForeignKey('fk_gc_child2', 'grandchild', 'child', ['child_id'], ['id']);
      await conn.execute('COMMIT');
      await familyIntact(conn);
      expect(await constraintsOf(conn, 'grandchild')).toEqual([['fk_gc_child2', 'f']]);
      const { rows } = await conn.execute('PRAGMA foreign_key_list(grandchild)');
      expect(rows.map((r) => r.on_delete).sort()).toEqual(['NO ACTION', 'SET NULL']);
    });
  });

  it('runs foreign_key_check after the rebuild and reports violations in one line', async () => {
    await engine.withConnection(async (conn) => {
      const op = onlineOps(conn);
      await family(op);
      await conn.execute('PRAGMA foreign_keys = OFF');
      await op.bulkInsert('grandchild', [{ id: 101, child_id: 999 }]);
      await conn.execute('PRAGMA foreign_keys = ON');
      const release = await acquireMigrationLock(conn, { timeoutMs: 1000 });
      await expect(op.alterColumn('grandchild', 'child_id', { nullable: true })).rejects.toThrow(
        /^Foreign key check failed after rebuilding table "grandchild": 1 row\(s\) of "grandchild" reference missing rows in "child"$/,
      );
      await conn.execute('ROLLBACK');
      await release();
      expect(await count(conn, 'grandchild')).toBe(2);
    });
  });

  it('a failed rebuild outside a transaction leaves the table as it was', async () => {
    await engine.withConnection(async (conn) => {
      const op = onlineOps(conn);
      await family(op);
      await conn.execute('PRAGMA foreign_keys = OFF');
      await op.bulkInsert('grandchild', [{ id: 101, child_id: 999 }]);
      await conn.execute('PRAGMA foreign_keys = ON');
      const before = (await conn.execute("SELECT sql FROM sqlite_master WHERE name = 'grandchild'")).rows[0]
        ?.sql;
      await expect(op.alterColumn('grandchild', 'child_id', { nullable: true })).rejects.toThrow(
        /Foreign key check failed/,
      );
      const after = await conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name",
      );
      expect(after.rows.map((r) => r.name)).toEqual(['child', 'grandchild', 'parent']);
      expect(after.rows[1]?.sql).toBe(before);
      expect(await count(conn, 'grandchild')).toBe(2);
      expect(await pragma(conn, 'foreign_keys')).toBe(1);
    });
  });

  it('plain constraint ops and alterColumn rebuild automatically; batch errors match Alembic', async () => {
    await engine.withConnection(async (conn) => {
      const op = onlineOps(conn);
      await family(op);
      await op.createUniqueConstraint('uq_parent_name', 'parent', ['name']);
      await op.createCheckConstraint('ck_code_len', 'parent', 'length(code) = 1');
      await op.dropConstraint('uq_parent_code', 'parent', { type: 'unique' });
      await op.dropConstraint('fk_child_parent', 'child', { type: 'foreignkey' });
      await op.createPrimaryKey('pk_gc', 'grandchild', ['id', 'child_id']);
      expect(await constraintsOf(conn, 'parent')).toEqual([
        ['ck_code_len', 'c'],
        ['ck_parent_name', 'c'],
        ['uq_parent_name', 'u'],
      ]);
      expect(await constraintsOf(conn, 'child')).toEqual([]);
      const { rows } = await conn.execute('PRAGMA table_info(grandchild)');
      expect(rows.filter((r) => Number(r.pk) > 0).map((r) => r.name)).toEqual(['id', 'child_id']);
      await expect(op.dropConstraint('nope', 'parent')).rejects.toThrow("No such constraint: 'nope'");
      await expect(op.createUniqueConstraint(null, 'parent', ['code'])).rejects.toThrow(
        'Constraint must have a name',
      );
      await expect(
        op.batchAlterTable('parent', async (b) => {
          b.dropIndex('nope');
          b.alterColumn('name', { nullable: false });
        }),
      ).rejects.toThrow("No such index: 'nope'");
      expect([
        await count(conn, 'parent'),
        await count(conn, 'child'),
        await count(conn, 'grandchild'),
      ]).toEqual([2, 2, 1]);
    });
  });

  it('batch: drop column drops its indexes, type change casts, AUTOINCREMENT and self references survive', async () => {
    await engine.withConnection(async (conn) => {
      const op = onlineOps(conn);
      await conn.execute(
        'CREATE TABLE node (id INTEGER PRIMARY KEY AUTOINCREMENT, up INTEGER CONSTRAINT fk_up REFERENCES node (id) DEFERRABLE INITIALLY DEFERRED, n TEXT, gone TEXT)',
      );
      await conn.execute('CREATE INDEX ix_node_gone ON node (gone)');
      await conn.execute("INSERT INTO node (up, n, gone) VALUES (NULL, '1', 'g'), (1, '2', 'h')");
      await op.batchAlterTable('node', async (b) => {
        b.dropColumn('gone');
        b.alterColumn('n', { type: 'integer' });
      });
      const sqlText = String(
        (await conn.execute("SELECT sql FROM sqlite_master WHERE name = 'node'")).rows[0]?.sql,
      );
      expect(sqlText).toContain('PRIMARY KEY AUTOINCREMENT');
      expect(sqlText).toContain(
        'CONSTRAINT "fk_up" FOREIGN KEY ("up") REFERENCES "node" ("id") DEFERRABLE INITIALLY DEFERRED',
      );
      expect(await indexesOf(conn, 'node')).toEqual([]);
      const { rows } = await conn.execute('SELECT id, up, n, typeof(n) AS t FROM node ORDER BY id');
      expect(rows).toEqual([
        { id: 1, up: null, n: 1, t: 'integer' },
        { id: 2, up: 1, n: 2, t: 'integer' },
      ]);
      expect((await conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'node'")).rows[0]?.seq).toBe(
        2,
      );
    });
  });

  it('dropColumn falls back to a rebuild when SQLite refuses DROP COLUMN', async () => {
    await engine.withConnection(async (conn) => {
      const op = onlineOps(conn);
      await family(op);
      await op.dropColumn('parent', 'code');
      await op.dropColumn('parent', 'name');
      expect((await columnsOf(conn, 'parent')).map((c) => c.name)).toEqual(['id']);
      expect(await indexesOf(conn, 'parent')).toEqual([]);
      await familyIntact(conn);
      await expect(op.dropColumn('parent', 'nope')).rejects.toThrow(
        'No such column: "nope" in table "parent"',
      );
    });
  });

  it('keeps WITHOUT ROWID and STRICT', async () => {
    await engine.withConnection(async (conn) => {
      await conn.execute('CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID, STRICT');
      await conn.execute("INSERT INTO kv VALUES ('a', 1)");
      await onlineOps(conn).alterColumn('kv', 'v', { nullable: false });
      const sqlText = String(
        (await conn.execute("SELECT sql FROM sqlite_master WHERE name = 'kv'")).rows[0]?.sql,
      );
      expect(sqlText).toMatch(/\) WITHOUT ROWID, STRICT$/);
      expect(await count(conn, 'kv')).toBe(1);
    });
  });

  it('keeps views working and re-creates triggers', async () => {
    await engine.withConnection(async (conn) => {
      const op = onlineOps(conn);
      await op.createTable('p', [
        op.column('id', 'integer', { primaryKey: true }),
        op.column('name', 'text'),
      ]);
      await op.createTable('log', [op.column('msg', 'text')]);
      await conn.execute('CREATE VIEW v AS SELECT name FROM p');
      await conn.execute(
        "CREATE TRIGGER tr AFTER INSERT ON p BEGIN INSERT INTO log VALUES ('added ' || new.name); END",
      );
      await op.bulkInsert('p', [{ id: 1, name: 'a' }]);
      await op.batchAlterTable('p', async (b) => {
        b.addColumn(b.column('extra', 'text'), { insertAfter: 'id' });
      });
      expect((await conn.execute('SELECT name FROM v')).rows).toEqual([{ name: 'a' }]);
      await op.bulkInsert('p', [{ id: 2, name: 'b' }]);
      expect((await conn.execute('SELECT msg FROM log')).rows.map((r) => r.msg)).toEqual([
        'added a',
        'added b',
      ]);
      expect(await pragma(conn, 'legacy_alter_table')).toBe(0);
    });
  });

  it('recreate=auto only rebuilds when an op needs it', async () => {
    await engine.withConnection(async (conn) => {
      const seen: string[] = [];
      const recording: Connection = {
        dialect: conn.dialect,
        kysely: conn.kysely,
        execute: (s, p) => {
          seen.push(s);
          return conn.execute(s, p);
        },
      };
      const op = new Operations({
        dialect: conn.dialect,
        connection: recording,
        asSql: false,
        emit: () => {},
        database: '',
      });
      await op.createTable('t', [op.column('id', 'integer', { primaryKey: true })]);
      seen.length = 0;
      await op.batchAlterTable('t', async (b) => {
        b.addColumn(b.column('a', 'integer', { serverDefault: '0' }));
        b.createIndex('ix_t_a', ['a']);
      });
      expect(seen).toEqual([
        'ALTER TABLE "t" ADD COLUMN "a" INTEGER DEFAULT 0',
        'CREATE INDEX "ix_t_a" ON "t" ("a")',
      ]);
      seen.length = 0;
      await op.batchAlterTable('t', async (b) => {
        b.addColumn(b.column('c', 'text', { serverDefault: "datetime('now')" }));
      });
      expect(seen.some((s) => s.startsWith('CREATE TABLE "_alembic_tmp_t"'))).toBe(true);
      seen.length = 0;
      await op.batchAlterTable('t', { recreate: 'always' }, async (b) => {
        b.createIndex('ix_t_c', ['c']);
      });
      expect(seen.filter((s) => !s.startsWith('PRAGMA') && !s.startsWith('SELECT'))).toEqual([
        'SAVEPOINT retort_rebuild',
        'CREATE TABLE "_alembic_tmp_t" (\n\t"id" INTEGER NOT NULL,\n\t"a" INTEGER DEFAULT 0,\n\t"c" TEXT DEFAULT (datetime(\'now\')),\n\tPRIMARY KEY ("id")\n)',
        'INSERT INTO "_alembic_tmp_t" ("id", "a", "c") SELECT "id", "a", "c" FROM "t"',
        'DROP TABLE "t"',
        'ALTER TABLE "_alembic_tmp_t" RENAME TO "t"',
        'CREATE INDEX "ix_t_a" ON "t" ("a")',
        'CREATE INDEX "ix_t_c" ON "t" ("c")',
        'RELEASE retort_rebuild',
      ]);
    });
  });
});
