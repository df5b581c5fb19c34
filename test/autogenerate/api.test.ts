import { afterAll, beforeAll, expect, test } from 'vitest';
import { compareMetadata, produceMigrations } from '../../src/autogenerate/index.js';
import type { SchemaSpec } from '../../src/schema/index.js';
import { describeEachDialect } from '../support/databases.js';
import { type OpenDb, openDb, runRendered, schemaDialect } from './helpers.js';

// PostgreSQL stores this as '2020-01-01 00:00:00'::timestamp without time zone; MariaDB
// rejects the ISO form, so it gets the plain one.
const modelFor = (dialect: string): SchemaSpec => ({
  tables: [
    {
      name: 'event',
      columns: [
        { name: 'id', type: 'integer', primaryKey: true, autoincrement: true },
        { name: 'title', type: 'string(40)', nullable: false },
        {
          name: 'happened',
          type: 'timestamp',
          default: dialect === 'mysql' ? "'2020-01-01 00:00:00'" : "'2020-01-01T00:00:00.000Z'",
        },
        { name: 'ok', type: 'boolean', nullable: false, default: 'true' },
      ],
    },
  ],
});

describeEachDialect('compareMetadata / produceMigrations on a live connection', (kind) => {
  const dialect = schemaDialect(kind);
  const model = modelFor(dialect);
  let o: OpenDb;
  beforeAll(async () => {
    o = await openDb(kind);
  });
  afterAll(async () => {
    await o?.close();
  });

  test('first revision: ops, operation objects, rendered text; then nothing to do', async () => {
    await o.conn.execute('CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)');
    const r = await produceMigrations({
      connection: o.conn,
      metadata: model,
      versionTable: 'alembic_version',
    });
    expect(r.diffs.map((d) => d[0])).toEqual(['add_table']);
    expect(r.upgradeOperations.ops.map((op) => op.kind)).toEqual(['createTable']);
    expect(r.downgradeOperations.ops.map((op) => op.kind)).toEqual(['dropTable']);
    expect(r.destructive).toBe(false);
    await runRendered(o.conn, r.upgradeOps);
    // generic types (string(40)) are compared through the dialect's own mapping
    expect([...(await compareMetadata({ connection: o.conn, metadata: model }))]).toEqual([]);
  });

  test('a constant default the database rewrote is still equal; a different one is not', async () => {
    const changed: SchemaSpec = {
      tables: [
        {
          ...model.tables[0],
          columns: model.tables[0].columns.map((c) =>
            c.name === 'happened' ? { ...c, default: "'2021-06-01 12:00:00'" } : c,
          ),
        },
      ],
    };
    const diffs = await compareMetadata({ connection: o.conn, metadata: changed });
    expect(diffs).toHaveLength(1);
    expect((diffs[0] as unknown[][])[0][0]).toBe('modify_default');
  });

  test('the version table never shows up, and compareServerDefault: false is honoured', async () => {
    const r = await produceMigrations({
      connection: o.conn,
      metadata: { tables: [] },
      options: { compareServerDefault: false },
    });
    expect(r.upgradeOps.map((op) => (op.kind === 'dropTable' ? op.table.name : op.kind))).toEqual(['event']);
    expect(r.destructive).toBe(true);
    expect(dialect).toBe(o.conn.dialect.name);
  });
});
