import { afterAll, beforeAll, expect, test } from 'vitest';
import { compareSchemas, produceOps } from '../../src/autogenerate/index.js';
import { fromDrizzle, introspect } from '../../src/schema/index.js';
import { mysqlTable, serial, varchar } from 'drizzle-orm/mysql-core';
import * as mysqlSchema from '../schema/fixtures/mysql-schema.js';
import * as sqliteSchema from '../schema/fixtures/sqlite-schema.js';
import { describeEachDialect, testWhen } from '../support/databases.js';
import { compareOpts, type OpenDb, openDb, runRendered, schemaDialect } from './helpers.js';

describeEachDialect(
  'drizzle sqlite-core / mysql-core schema round trip',
  (kind) => {
    const dialect = schemaDialect(kind);
    const meta = fromDrizzle(dialect === 'sqlite' ? sqliteSchema : mysqlSchema);
    let o: OpenDb;
    beforeAll(async () => {
      o = await openDb(kind);
    });
    afterAll(async () => {
      await o?.close();
    });

    test('create from the model, introspect, zero diffs', async () => {
      const r = produceOps(meta, await introspect(o.conn), compareOpts(o.conn));
      expect(r.upgradeOps.filter((op) => op.kind === 'createTable')).toHaveLength(meta.tables.length);
      await runRendered(o.conn, r.upgradeOps);
      const diffs = compareSchemas(meta, await introspect(o.conn), compareOpts(o.conn));
      expect([...diffs]).toEqual([]);
    });

    test('a changed default on the live schema is found', async () => {
      const t = meta.tables[0];
      const changed = {
        ...meta,
        tables: [
          { ...t, columns: t.columns.map((c) => (c.name === 'name' ? { ...c, default: "'someone'" } : c)) },
          ...meta.tables.slice(1),
        ],
      };
      const diffs = compareSchemas(changed, await introspect(o.conn), compareOpts(o.conn));
      expect(diffs).toHaveLength(1);
      const [mod] = diffs[0] as unknown[][];
      expect(mod[0]).toBe('modify_default');
      expect(mod[6]).toBe("'someone'");
    });

    testWhen(dialect === 'mysql')(
      'a table created by hand with SERIAL (as drizzle-kit writes it) is up to date',
      async () => {
        await o.conn.execute('CREATE TABLE widget (id SERIAL PRIMARY KEY, label VARCHAR(20) NOT NULL)');
        const widget = mysqlTable('widget', {
          id: serial('id').primaryKey(),
          label: varchar('label', { length: 20 }).notNull(),
        });
        const spec = fromDrizzle({ ...mysqlSchema, widget });
        expect([...compareSchemas(spec, await introspect(o.conn), compareOpts(o.conn))]).toEqual([]);
      },
    );
  },
  { only: ['sqlite', 'mysql'] },
);
