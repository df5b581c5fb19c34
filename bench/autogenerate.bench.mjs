// Autogenerate at scale: N tables (8 columns, 1 index, 1 foreign key each) compared with an
// empty database (the first revision) and with an up-to-date one (`check`), per dialect.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, selfPeakMb, timeRuns, workDir } from './lib.mjs';

/** The model: table i references table i-1 (table 0 references itself). */
export function model(n) {
  const tables = [];
  for (let i = 0; i < n; i++) {
    const name = `t${String(i).padStart(4, '0')}`;
    const ref = i === 0 ? name : `t${String(i - 1).padStart(4, '0')}`;
    tables.push({
      name,
      columns: [
        { name: 'id', type: 'integer', primaryKey: true, autoincrement: true },
        { name: 'ref_id', type: 'integer' },
        { name: 'name', type: 'varchar(80)', nullable: false },
        { name: 'code', type: 'varchar(20)', nullable: false, default: "'new'" },
        { name: 'amount', type: 'numeric(10,2)', default: '0' },
        { name: 'flag', type: 'boolean', nullable: false, default: 'false' },
        { name: 'created', type: 'timestamp', default: 'CURRENT_TIMESTAMP' },
        { name: 'note', type: 'text' },
      ],
      foreignKeys: [
        {
          kind: 'foreignKey',
          name: `fk_${name}_ref`,
          columns: ['ref_id'],
          referredTable: ref,
          referredColumns: ['id'],
          onDelete: 'set null',
        },
      ],
      indexes: [{ name: `ix_${name}_name`, columns: ['name'] }],
    });
  }
  return { tables };
}

async function withConnection(engine, fn) {
  let out;
  await engine.withConnection(async (conn) => {
    out = await fn(conn);
  });
  return out;
}

export default async function run(report) {
  const dist = process.env.RETORT_BENCH_DIST ?? join(root, 'dist');
  if (
    !existsSync(join(dist, 'autogenerate', 'index.js')) ||
    !existsSync(join(dist, 'dialects', 'index.js'))
  ) {
    report.skip('autogenerate', 'dist/ is not built (run npm run build)');
    return;
  }
  const imp = (p) => import(pathToFileURL(join(dist, p)).href);
  const { produceMigrations, renderOps, toDdlNodes } = await imp('autogenerate/index.js');
  const { createEngine } = await imp('dialects/index.js');

  const targets = [
    ['sqlite', () => `sqlite:${join(workDir('autogen-sqlite'), 'bench.db')}`],
    ['pglite', () => `pglite:${workDir('autogen-pglite')}`],
  ];
  if (process.env.RETORT_TEST_POSTGRES_URL)
    targets.push(['postgresql', () => process.env.RETORT_TEST_POSTGRES_URL]);

  for (const [kind, url] of targets) {
    for (const n of [50, 500]) {
      const engine = createEngine(url());
      try {
        const metadata = model(n);
        await withConnection(engine, async (conn) => {
          if (kind === 'postgresql') {
            await conn.execute('DROP SCHEMA IF EXISTS retort_bench CASCADE');
            await conn.execute('CREATE SCHEMA retort_bench');
            await conn.execute('SET search_path TO retort_bench');
          }
          let ops;
          const empty = await timeRuns(async () => {
            const r = await produceMigrations({ connection: conn, metadata });
            renderOps(r.upgradeOps);
            renderOps(r.downgradeOps);
            ops = r.upgradeOps;
          }, 5);
          report(`autogenerate ${n} tables vs empty DB [${kind}]`, {
            ...empty,
            unit: 'ms',
            memoryMb: selfPeakMb(),
          });
          for (const op of ops)
            for (const node of toDdlNodes(op))
              for (const sql of conn.dialect.compileDdl(node)) await conn.execute(sql);
          const check = await timeRuns(async () => {
            const r = await produceMigrations({ connection: conn, metadata });
            if (r.upgradeOps.length !== 0)
              throw new Error(`${kind}: up-to-date database shows ${r.upgradeOps.length} ops`);
          }, 5);
          report(`check ${n} tables, up to date [${kind}]`, { ...check, unit: 'ms', memoryMb: selfPeakMb() });
          if (kind === 'postgresql') await conn.execute('DROP SCHEMA retort_bench CASCADE');
        });
      } finally {
        await engine.close();
      }
    }
  }
}
