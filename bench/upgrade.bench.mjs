// Upgrade base → head over 1,000 one-op revisions (each creates a small table), and the
// downgrade back, against the same DDL run by the raw driver alone in one transaction.
// SQLite always; PostgreSQL when RETORT_TEST_POSTGRES_URL is set, else PGlite (noted).
//
// Revision files are .mjs so the numbers measure the runtime, not TypeScript loading; each
// timed run uses a fresh database and a fresh ScriptDirectory (headers parsed again), with
// the modules already imported by the warm-up run.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, selfPeakMb, summarize, workDir } from './lib.mjs';

const N = Number(process.env.RETORT_BENCH_REVISIONS ?? 1000);

async function loadRetort() {
  const dist = join(root, 'dist');
  const parts = ['dialects', 'runtime', 'script'];
  if (parts.every((p) => existsSync(join(dist, p, 'index.js')))) {
    const [dialects, runtime, script] = await Promise.all(
      parts.map((p) => import(pathToFileURL(join(dist, p, 'index.js')).href)),
    );
    return { dialects, runtime, script, from: 'dist' };
  }
  const { tsImport } = await import('tsx/esm/api');
  const [dialects, runtime, script] = await Promise.all(
    parts.map((p) => tsImport(pathToFileURL(join(root, 'src', p, 'index.ts')).href, import.meta.url)),
  );
  return { dialects, runtime, script, from: 'src (tsx)' };
}

const pad = (i) => String(i).padStart(4, '0');

function writeRevisionFiles(dir) {
  mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= N; i++) {
    const rev = `r${pad(i)}`;
    const down = i === 1 ? 'null' : `'r${pad(i - 1)}'`;
    writeFileSync(
      join(dir, `${rev}_create_t${pad(i)}.mjs`),
      `/**
 * create t${pad(i)}
 *
 * Revision ID: ${rev}
 * Revises: ${i === 1 ? '' : `r${pad(i - 1)}`}
 * Create Date: 2026-11-24 00:00:00.000000
 */
export const revision = '${rev}';
export const downRevision = ${down};
export const branchLabels = [];
export const dependsOn = [];

export async function upgrade(op) {
  await op.createTable('t${pad(i)}', [op.column('id', 'integer', { primaryKey: true }), op.column('name', 'string(50)')]);
}

export async function downgrade(op) {
  await op.dropTable('t${pad(i)}');
}
`,
    );
  }
}

/** The DDL the revisions run, compiled by the same dialect (what the raw driver executes). */
function ddl(dialect, kind) {
  const out = [];
  for (let i = 1; i <= N; i++) {
    const name = `t${pad(i)}`;
    const node =
      kind === 'up'
        ? {
            kind: 'createTable',
            table: {
              name,
              columns: [
                { name: 'id', type: 'integer', primaryKey: true },
                { name: 'name', type: 'string(50)' },
              ],
            },
          }
        : { kind: 'dropTable', table: name };
    out.push(...dialect.compileDdl(node));
  }
  return kind === 'up' ? out : out.reverse();
}

async function retortOnce(R, dir, makeDb) {
  const db = await makeDb();
  const engine = R.dialects.createEngine(db.url);
  try {
    // The raw runs open their database before the clock starts; retort's engine opens it on
    // first use, which for PGlite is a WASM boot of a second or more. Open it untimed too.
    await engine.withConnection(async () => {});
    const t0 = performance.now();
    const script = new R.script.ScriptDirectory({ scriptLocation: dir });
    void script.revisionMap.heads; // header parsing, timed apart too
    const tp = performance.now();
    const [res] = await R.runtime.upgrade(script, [new R.runtime.MigrationContext({ engine })], 'heads');
    const t1 = performance.now();
    if (res.steps.length !== N) throw new Error(`expected ${N} steps, ran ${res.steps.length}`);
    const script2 = new R.script.ScriptDirectory({ scriptLocation: dir });
    void script2.revisionMap.heads;
    const tp2 = performance.now();
    const [back] = await R.runtime.downgrade(script2, [new R.runtime.MigrationContext({ engine })], 'base');
    const t2 = performance.now();
    if (back.steps.length !== N) throw new Error(`expected ${N} downgrade steps, ran ${back.steps.length}`);
    return [t1 - t0, t2 - t1, t1 - tp, t2 - tp2];
  } finally {
    await engine.close();
    await db.drop();
  }
}

async function rawOnce(makeDb, rawRun, upSql, downSql) {
  const db = await makeDb();
  try {
    return await rawRun(db, upSql, downSql);
  } finally {
    await db.drop();
  }
}

/** Retort and the raw driver alternate run by run, so load on the machine hits both alike. */
async function timeBoth(R, dir, makeDb, rawRun, upSql, downSql, runs) {
  const r = { up: [], down: [], upRun: [], downRun: [] };
  const w = { up: [], down: [] };
  for (let i = 0; i <= runs; i++) {
    const [ru, rd, rur, rdr] = await retortOnce(R, dir, makeDb);
    const [wu, wd] = await rawOnce(makeDb, rawRun, upSql, downSql);
    if (i === 0) continue; // warm-up: module imports and JIT
    r.up.push(ru);
    r.down.push(rd);
    r.upRun.push(rur);
    r.downRun.push(rdr);
    w.up.push(wu);
    w.down.push(wd);
  }
  return [
    {
      up: summarize(r.up),
      down: summarize(r.down),
      upRun: summarize(r.upRun),
      downRun: summarize(r.downRun),
    },
    { up: summarize(w.up), down: summarize(w.down) },
  ];
}

function report2(report, label, retort, raw, note) {
  const memoryMb = selfPeakMb();
  report(`upgrade ${N} revisions, ${label}: retort`, { ...retort.up, unit: 'ms', memoryMb, note });
  report(`upgrade ${N} revisions, ${label}: raw driver, one transaction`, { ...raw.up, unit: 'ms' });
  report(`upgrade ${N} revisions, ${label}: ratio retort / raw`, {
    median: retort.up.median / raw.up.median,
    min: retort.up.min / raw.up.max,
    max: retort.up.max / raw.up.min,
    unit: 'x',
    note: 'target ≤ 1.2x',
  });
  report(`upgrade ${N} revisions, ${label}: retort without header parsing`, {
    ...retort.upRun,
    unit: 'ms',
    note: `ratio ${(retort.upRun.median / raw.up.median).toFixed(2)}x: migration context + ops alone`,
  });
  report(`downgrade ${N} revisions, ${label}: retort`, { ...retort.down, unit: 'ms', memoryMb });
  report(`downgrade ${N} revisions, ${label}: retort without header parsing`, {
    ...retort.downRun,
    unit: 'ms',
    note: `ratio ${(retort.downRun.median / raw.down.median).toFixed(2)}x`,
  });
  report(`downgrade ${N} revisions, ${label}: raw driver, one transaction`, { ...raw.down, unit: 'ms' });
  report(`downgrade ${N} revisions, ${label}: ratio retort / raw`, {
    median: retort.down.median / raw.down.median,
    unit: 'x',
    note: 'target ≤ 1.2x',
  });
}

export default async function run(report) {
  const R = await loadRetort();
  const work = workDir('upgrade');
  const dir = join(work, 'migrations');
  writeRevisionFiles(dir);
  const runs = Number(process.env.RETORT_BENCH_RUNS ?? 5);
  let seq = 0;

  // SQLite
  {
    const makeDb = async () => {
      const file = join(work, `db-${seq++}.sqlite`);
      return {
        url: `sqlite:${file}`,
        file,
        drop: async () => {
          const { rmSync } = await import('node:fs');
          for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
        },
      };
    };
    const { default: Database } = await import('better-sqlite3');
    const rawRun = async (db, upSql, downSql) => {
      const conn = new Database(db.file);
      try {
        const t0 = performance.now();
        conn.exec('BEGIN');
        for (const s of upSql) conn.prepare(s).run();
        conn.exec('COMMIT');
        const t1 = performance.now();
        conn.exec('BEGIN');
        for (const s of downSql) conn.prepare(s).run();
        conn.exec('COMMIT');
        return [t1 - t0, performance.now() - t1];
      } finally {
        conn.close();
      }
    };
    const dialect = R.dialects.getDialect('sqlite');
    const [retort, raw] = await timeBoth(
      R,
      dir,
      makeDb,
      rawRun,
      ddl(dialect, 'up'),
      ddl(dialect, 'down'),
      runs,
    );
    report2(report, 'SQLite (file)', retort, raw, `${runs} runs; retort loaded from ${R.from}`);
  }

  // PostgreSQL, or PGlite when no server is configured
  const pgUrl = process.env.RETORT_TEST_POSTGRES_URL;
  const dialect = R.dialects.getDialect('postgresql');
  if (pgUrl) {
    const { default: pg } = await import('pg');
    const admin = async (sql) => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    const makeDb = async () => {
      const name = `retort_bench_${process.pid}_${seq++}`;
      await admin(`CREATE DATABASE "${name}"`);
      const u = new URL(pgUrl);
      u.pathname = `/${name}`;
      return { url: u.href, drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
    };
    const rawRun = async (db, upSql, downSql) => {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      try {
        const t0 = performance.now();
        await c.query('BEGIN');
        for (const s of upSql) await c.query(s);
        await c.query('COMMIT');
        const t1 = performance.now();
        await c.query('BEGIN');
        for (const s of downSql) await c.query(s);
        await c.query('COMMIT');
        return [t1 - t0, performance.now() - t1];
      } finally {
        await c.end();
      }
    };
    const [retort, raw] = await timeBoth(
      R,
      dir,
      makeDb,
      rawRun,
      ddl(dialect, 'up'),
      ddl(dialect, 'down'),
      runs,
    );
    report2(report, 'PostgreSQL', retort, raw, `${runs} runs; pg driver`);
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const pgliteRuns = Math.min(runs, 3);
    const makeDb = async () => ({ url: 'pglite:memory', drop: async () => {} });
    const rawRun = async (_db, upSql, downSql) => {
      const c = new PGlite();
      await c.waitReady;
      try {
        const t0 = performance.now();
        await c.query('BEGIN');
        for (const s of upSql) await c.query(s);
        await c.query('COMMIT');
        const t1 = performance.now();
        await c.query('BEGIN');
        for (const s of downSql) await c.query(s);
        await c.query('COMMIT');
        return [t1 - t0, performance.now() - t1];
      } finally {
        await c.close();
      }
    };
    const [retort, raw] = await timeBoth(
      R,
      dir,
      makeDb,
      rawRun,
      ddl(dialect, 'up'),
      ddl(dialect, 'down'),
      pgliteRuns,
    );
    report2(
      report,
      'PGlite (in memory)',
      retort,
      raw,
      `${pgliteRuns} runs; RETORT_TEST_POSTGRES_URL not set, so PGlite instead of a PostgreSQL server`,
    );
  }
}
