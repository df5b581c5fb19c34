import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { compareSchemas, produceOps } from '../../src/autogenerate/index.js';
import { introspect, type SchemaSpec, type TableSpec } from '../../src/schema/index.js';
import { describeEachDialect } from '../support/databases.js';
import { applyOps, compareOpts, type OpenDb, openDb, runRendered, schemaDialect } from './helpers.js';

type D = 'sqlite' | 'postgresql' | 'mysql';

/** Long fuzz runs (FUZZ_RUNS=…) on a server database take minutes. */
const FUZZ_TIMEOUT = process.env.FUZZ_RUNS ? 1_800_000 : 60_000;

/** Column types and matching defaults each dialect accepts as written. */
const TYPES: Record<D, [string, string[]][]> = {
  sqlite: [
    ['integer', ['0', '42', '-1']],
    ['varchar(40)', ["'x'", "'it''s'", "''"]],
    ['text', ["'hello'"]],
    ['boolean', ['true', 'false']],
    ['real', ['1.5', '0']],
    ['numeric(10,2)', ['0', '1.25']],
    ['timestamp', ['CURRENT_TIMESTAMP']],
  ],
  postgresql: [
    ['integer', ['0', '42', '-1']],
    ['bigint', ['7']],
    ['varchar(40)', ["'x'", "'it''s'", "''"]],
    ['text', ["'hello'"]],
    ['boolean', ['true', 'false']],
    ['numeric(10,2)', ['0', "'1.25'"]],
    ['timestamp', ['now()', 'CURRENT_TIMESTAMP']],
    ['timestamptz', ['now()']],
    ['jsonb', [`'{"a":1}'`, "'[]'"]],
    ['double precision', ['1.5']],
    ['date', ['CURRENT_DATE']],
  ],
  mysql: [
    ['integer', ['0', '42', '-1']],
    ['bigint', ['7']],
    ['varchar(40)', ["'x'", "'it''s'", "''"]],
    ['boolean', ['true', 'false']],
    ['numeric(10,2)', ['0', "'1.25'"]],
    ['double', ['1.5']],
    ['datetime', ['CURRENT_TIMESTAMP']],
    ['text', []],
  ],
};

function schemaArb(d: D): fc.Arbitrary<SchemaSpec> {
  const column = fc.record({
    type: fc.integer({ min: 0, max: TYPES[d].length - 1 }),
    nullable: fc.boolean(),
    withDefault: fc.boolean(),
    pick: fc.nat(),
  });
  const table = fc.record({
    columns: fc.array(column, { minLength: 1, maxLength: 6 }),
    indexOn: fc.array(fc.nat(), { maxLength: 2 }),
    uniqueOn: fc.option(fc.nat(), { nil: null }),
    refTo: fc.option(fc.nat(), { nil: null }),
    onDelete: fc.constantFrom('cascade', 'set null', 'restrict', null),
    check: fc.boolean(),
    comment: fc.option(fc.constantFrom('plain', "it's", 'déjà vu'), { nil: null }),
    partial: fc.boolean(),
  });
  return fc.array(table, { minLength: 1, maxLength: 5 }).map((ts) => {
    const tables: TableSpec[] = ts.map((t, ti) => {
      const name = `pt${ti}`;
      const columns = [
        { name: 'id', type: 'integer', primaryKey: true, autoincrement: true },
        ...t.columns.map((c, ci) => {
          const [type, defaults] = TYPES[d][c.type];
          const dflt = c.withDefault && defaults.length ? defaults[c.pick % defaults.length] : null;
          return { name: `c${ci}`, type, nullable: c.nullable, default: dflt };
        }),
      ];
      // MySQL cannot index TEXT without a length: index only the other columns.
      const indexable = columns
        .filter((c) => c.name !== 'id' && c.type !== 'text' && c.type !== 'jsonb')
        .map((c) => c.name);
      const indexes = [
        ...new Set(t.indexOn.map((i) => indexable[i % Math.max(indexable.length, 1)]).filter(Boolean)),
      ].map((c) => ({
        name: `ix_${name}_${c}`,
        columns: [c],
        where: t.partial && d !== 'mysql' ? 'id > 0' : null,
      }));
      const uq = t.uniqueOn !== null && indexable.length ? indexable[t.uniqueOn % indexable.length] : null;
      const ref = t.refTo !== null && ti > 0 ? `pt${t.refTo % ti}` : null;
      if (ref) columns.push({ name: 'ref_id', type: 'integer', nullable: true, default: null });
      return {
        name,
        columns,
        indexes: indexes.filter((i) => i.columns[0] !== uq),
        uniqueConstraints: uq ? [{ kind: 'unique' as const, name: `uq_${name}_${uq}`, columns: [uq] }] : [],
        checkConstraints: t.check
          ? [{ kind: 'check' as const, name: `ck_${name}_c0`, expression: 'c0 IS NOT NULL OR c0 IS NULL' }]
          : [],
        comment: d === 'sqlite' ? null : t.comment,
        foreignKeys: ref
          ? [
              {
                kind: 'foreignKey' as const,
                name: `fk_${name}_ref`,
                columns: ['ref_id'],
                referredTable: ref,
                referredColumns: ['id'],
                onDelete: t.onDelete,
              },
            ]
          : [],
      };
    });
    return { tables };
  });
}

async function dropAll(o: OpenDb, d: D) {
  const spec = await introspect(o.conn);
  if (d === 'mysql') await o.conn.execute('SET FOREIGN_KEY_CHECKS = 0');
  for (const t of spec.tables) {
    await o.conn.execute(
      `DROP TABLE ${o.conn.dialect.quoteTable(t.name)}${d === 'postgresql' ? ' CASCADE' : ''}`,
    );
  }
  if (d === 'mysql') await o.conn.execute('SET FOREIGN_KEY_CHECKS = 1');
}

describeEachDialect('property: any generated schema, created from its ops, shows zero diffs', (kind) => {
  const d = schemaDialect(kind) as D;
  let o: OpenDb;
  beforeAll(async () => {
    o = await openDb(kind);
  });
  afterAll(async () => {
    await o?.close();
  });

  test(
    'create → introspect → compare is empty; downgrade empties the database',
    async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(schemaArb(d), async (spec) => {
          await dropAll(o, d);
          const r = produceOps(spec, await introspect(o.conn), compareOpts(o.conn));
          if (++run % 2) await applyOps(o.conn, r.upgradeOps);
          else await runRendered(o.conn, r.upgradeOps);
          const diffs = compareSchemas(spec, await introspect(o.conn), compareOpts(o.conn));
          expect([...diffs]).toEqual([]);
          await applyOps(o.conn, r.downgradeOps);
          const left = await introspect(o.conn);
          if (left.tables.length) await dropAll(o, d);
          expect(left.tables.map((t) => t.name)).toEqual([]);
        }),
        {
          numRuns: Number(process.env.FUZZ_RUNS ?? 0) || (kind === 'sqlite' ? 30 : 8),
          ...(process.env.FUZZ_RUNS ? {} : { seed: 20261124 }),
        },
      );
    },
    FUZZ_TIMEOUT,
  );
});

/** B keeps A's type for a column both have unless the change stays within a family (others may need USING). */
function align(a: SchemaSpec, b: SchemaSpec, d: D): SchemaSpec {
  const pool = new Map(TYPES[d]);
  return {
    tables: b.tables.map((t) => {
      const at = a.tables.find((x) => x.name === t.name);
      if (!at) return t;
      return {
        ...t,
        columns: t.columns.map((c) => {
          const ac = at.columns.find((x) => x.name === c.name);
          if (!ac || ac.type === c.type) return c;
          // Retyping within a family needs no USING clause, so the migration must carry it out.
          const family = (t: string) =>
            /^(integer|bigint)$/.test(t) ? 'int' : /^(varchar\(40\)|text)$/.test(t) ? 'str' : t;
          if (family(ac.type) === family(c.type)) return c;
          const defaults = pool.get(ac.type) ?? [];
          return { ...c, type: ac.type, default: c.default && defaults.length ? defaults[0] : null };
        }),
      };
    }),
  };
}

describeEachDialect('property: migrating between two generated schemas', (kind) => {
  const d = schemaDialect(kind) as D;
  let o: OpenDb;
  beforeAll(async () => {
    o = await openDb(kind);
  });
  afterAll(async () => {
    await o?.close();
  });

  test(
    'A → B by the produced ops shows zero diffs against B, and the downgrade returns to A',
    async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(schemaArb(d), schemaArb(d), async (a, b0) => {
          const b = align(a, b0, d);
          const opts = compareOpts(o.conn);
          await dropAll(o, d); // a failed (or shrinking) run may have left tables behind
          await applyOps(o.conn, produceOps(a, await introspect(o.conn), opts).upgradeOps);
          const r = produceOps(b, await introspect(o.conn), opts);
          if (++run % 2) await applyOps(o.conn, r.upgradeOps);
          else await runRendered(o.conn, r.upgradeOps);
          expect([...compareSchemas(b, await introspect(o.conn), opts)]).toEqual([]);
          await applyOps(o.conn, r.downgradeOps);
          expect([...compareSchemas(a, await introspect(o.conn), opts)]).toEqual([]);
        }),
        {
          numRuns: Number(process.env.FUZZ_RUNS ?? 0) || (kind === 'sqlite' ? 20 : 6),
          ...(process.env.FUZZ_RUNS ? {} : { seed: 20261124 }),
        },
      );
    },
    FUZZ_TIMEOUT,
  );
});
