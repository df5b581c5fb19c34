import { afterAll, beforeAll, expect, test } from 'vitest';
import { introspect, type QueryRunner } from '../../src/schema/index.js';
import { type OpenDb, openDb, schemaDialect } from '../autogenerate/helpers.js';
import { describeEachDialect } from '../support/databases.js';

const DDL: Record<'sqlite' | 'postgresql' | 'mysql', string[]> = {
  sqlite: [
    `CREATE TABLE parent (id INTEGER PRIMARY KEY AUTOINCREMENT, code VARCHAR(10) NOT NULL, CONSTRAINT uq_parent_code UNIQUE (code))`,
    `CREATE TABLE child (
      id INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      parent_id INTEGER,
      name TEXT NOT NULL DEFAULT 'x',
      qty INTEGER DEFAULT (0),
      PRIMARY KEY (id, seq),
      CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE,
      CONSTRAINT ck_child_qty CHECK (qty >= 0)
    )`,
    `CREATE INDEX ix_child_name ON child (name) WHERE qty > 0`,
    `CREATE UNIQUE INDEX ux_child_pn ON child (parent_id, name)`,
  ],
  postgresql: [
    `CREATE TYPE color AS ENUM ('red', 'green')`,
    `CREATE TABLE parent (id SERIAL PRIMARY KEY, code VARCHAR(10) NOT NULL, CONSTRAINT uq_parent_code UNIQUE (code))`,
    `CREATE TABLE child (
      id INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      parent_id INTEGER,
      name TEXT NOT NULL DEFAULT 'x',
      qty INTEGER DEFAULT 0,
      tint color,
      PRIMARY KEY (id, seq),
      CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE,
      CONSTRAINT ck_child_qty CHECK (qty >= 0)
    )`,
    `CREATE INDEX ix_child_name ON child (name) WHERE qty > 0`,
    `CREATE UNIQUE INDEX ux_child_pn ON child (parent_id, name)`,
    `COMMENT ON TABLE child IS 'kids'`,
    `COMMENT ON COLUMN child.qty IS 'how many'`,
  ],
  mysql: [
    `CREATE TABLE parent (id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY, code VARCHAR(10) NOT NULL, CONSTRAINT uq_parent_code UNIQUE (code))`,
    `CREATE TABLE child (
      id INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      parent_id INTEGER,
      name VARCHAR(50) NOT NULL DEFAULT 'x',
      qty INTEGER DEFAULT 0 COMMENT 'how many',
      PRIMARY KEY (id, seq),
      CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE,
      CONSTRAINT ck_child_qty CHECK (qty >= 0)
    ) COMMENT 'kids'`,
    `CREATE INDEX ix_child_name ON child (name)`,
  ],
};

/** Counts round trips. */
function counting(conn: QueryRunner): QueryRunner & { count: number } {
  const c = {
    count: 0,
    dialect: conn.dialect,
    execute(sql: string, params?: readonly unknown[]) {
      c.count++;
      return conn.execute(sql, params);
    },
  };
  return c;
}

describeEachDialect('introspect', (kind) => {
  const dialect = schemaDialect(kind);
  let o: OpenDb;
  beforeAll(async () => {
    o = await openDb(kind);
    for (const s of DDL[dialect]) await o.conn.execute(s);
  });
  afterAll(async () => {
    await o?.close();
  });

  test('reads columns, keys, constraints, indexes', async () => {
    const spec = await introspect(o.conn);
    const parent = spec.tables.find((t) => t.name === 'parent')!;
    const child = spec.tables.find((t) => t.name === 'child')!;
    expect(spec.tables.map((t) => t.name).sort()).toEqual(['child', 'parent']);
    expect(parent.columns[0]).toMatchObject({
      name: 'id',
      nullable: false,
      autoincrement: true,
      default: null,
    });
    expect(parent.uniqueConstraints).toEqual([{ kind: 'unique', name: 'uq_parent_code', columns: ['code'] }]);
    expect(child.primaryKey?.columns).toEqual(['id', 'seq']);
    expect(child.columns.map((c) => c.name)).toEqual(
      dialect === 'postgresql'
        ? ['id', 'seq', 'parent_id', 'name', 'qty', 'tint']
        : ['id', 'seq', 'parent_id', 'name', 'qty'],
    );
    expect(child.columns.find((c) => c.name === 'name')).toMatchObject({ nullable: false });
    expect(child.columns.find((c) => c.name === 'name')?.default).toMatch(/^'x'/);
    expect(child.foreignKeys).toEqual([
      expect.objectContaining({
        name: 'fk_child_parent',
        columns: ['parent_id'],
        referredTable: 'parent',
        referredColumns: ['id'],
        onDelete: 'cascade',
        onUpdate: null,
      }),
    ]);
    expect(child.checkConstraints?.map((c) => c.name)).toEqual(['ck_child_qty']);
    expect(child.checkConstraints?.[0].expression.replace(/[`()]/g, '')).toBe('qty >= 0');
    const names = (child.indexes ?? []).map((i) => i.name).sort();
    if (dialect === 'mysql') {
      // the implicit index InnoDB adds for the foreign key is not reported
      expect(names).toEqual(['ix_child_name']);
    } else {
      expect(names).toEqual(['ix_child_name', 'ux_child_pn']);
      const ix = child.indexes!.find((i) => i.name === 'ix_child_name')!;
      expect(ix.where?.replace(/[()]/g, '')).toBe('qty > 0');
      expect(child.indexes!.find((i) => i.name === 'ux_child_pn')).toMatchObject({
        unique: true,
        columns: ['parent_id', 'name'],
      });
    }
    if (dialect !== 'sqlite') {
      expect(child.comment).toBe('kids');
      expect(child.columns.find((c) => c.name === 'qty')?.comment).toBe('how many');
    }
    if (dialect === 'postgresql') {
      expect(spec.enums).toEqual([{ name: 'color', schema: null, values: ['red', 'green'] }]);
      expect(child.columns.find((c) => c.name === 'tint')?.type).toBe('color');
    }
  });

  test('excludeTables leaves out the version table', async () => {
    await o.conn.execute('CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)');
    const spec = await introspect(o.conn, { excludeTables: ['alembic_version'] });
    expect(spec.tables.map((t) => t.name)).not.toContain('alembic_version');
    await o.conn.execute('DROP TABLE alembic_version');
  });

  test('the number of round trips does not grow with the table count', async () => {
    const few = counting(o.conn);
    await introspect(few);
    for (let i = 0; i < 30; i++) {
      await o.conn.execute(
        `CREATE TABLE extra_${i} (id INTEGER PRIMARY KEY, ref INTEGER REFERENCES parent (id))`,
      );
      await o.conn.execute(`CREATE INDEX ix_extra_${i} ON extra_${i} (ref)`);
    }
    const many = counting(o.conn);
    const spec = await introspect(many);
    expect(spec.tables).toHaveLength(32);
    expect(many.count).toBe(few.count);
    expect(many.count).toBeLessThanOrEqual(7);
  });
});
