// upgrade base→head and downgrade head→base over N one-op revisions, as whole processes,
// for retort, the raw driver (the limit), Knex, Kysely's Migrator, drizzle-kit migrate and
// Python Alembic, on SQLite files and PostgreSQL. Runs are interleaved (each round runs every
// tool once, starting with a different tool) so machine drift hits all tools alike, and
// every ratio compares medians of the same run.
import {
  countWorkloadTables,
  postgresDatabase,
  postgresServer,
  sqliteDatabase,
} from './alternatives/databases.mjs';
import { measure } from './alternatives/measure.mjs';
import { n, quick, ratio, record } from './alternatives/results.mjs';
import { tools } from './alternatives/tools.mjs';
import { summarize, workDir } from './lib.mjs';

const SIZES = quick ? [100] : [100, 1_000, 5_000];
/** A tool whose predicted single run exceeds this is skipped at that size (with the reason). */
const BUDGET_MS = quick ? 30_000 : 60_000;
/** A tool whose first run takes longer than this gets only one run at that size. */
const ONE_RUN_MS = 10_000;

function runsFor(size) {
  if (quick) return 3;
  return size <= 100 ? 5 : 3;
}

const dbLabel = { sqlite: 'SQLite', postgresql: 'PostgreSQL' };

export default async function run(report) {
  const kinds = (process.env.RETORT_BENCH_DATABASES ?? 'sqlite,postgresql').split(',');
  for (const kind of kinds) {
    let serverUrl;
    if (kind === 'postgresql') {
      const server = await postgresServer();
      if (server.skip) {
        report.skip(`upgrade / downgrade on PostgreSQL`, server.skip);
        continue;
      }
      serverUrl = server.url;
      report.markdown(`PostgreSQL for the comparison: ${server.how}.`);
    }
    /** tool key → ms per revision at the previous size (for the budget). */
    const perRevision = new Map();
    for (const size of SIZES) {
      const name = (dir, tool) => `${dir} ${n(size)} revisions, ${dbLabel[kind]}: ${tool.label}`;
      const entries = [];
      for (const tool of tools) {
        const reason = tool.available() ?? tool.availableFor?.({ kind });
        const wl = (dir) => `${dir}:${kind}:${size}`;
        if (reason) {
          // One row per database for a missing tool, not one per size.
          if (size === SIZES[0]) report.skip(`upgrade / downgrade, ${dbLabel[kind]}: ${tool.label}`, reason);
          record(wl('upgrade'), tool.key, { skip: reason });
          record(wl('downgrade'), tool.key, { skip: reason });
          continue;
        }
        const prev = perRevision.get(tool.key);
        if (prev && prev * size > BUDGET_MS) {
          const why = `skipped: predicted ${((prev * size) / 1000).toFixed(0)} s per run from the smaller size, over the ${BUDGET_MS / 1000} s budget`;
          report.skip(name('upgrade', tool), why);
          record(wl('upgrade'), tool.key, { skip: why });
          record(wl('downgrade'), tool.key, { skip: why });
          continue;
        }
        const dir = workDir(`compare-migrate-${kind}-${size}-${tool.key}`);
        const db = kind === 'sqlite' ? sqliteDatabase(dir) : postgresDatabase(serverUrl, `bench_${tool.key}`);
        entries.push({
          tool,
          db,
          prepared: tool.prepare(dir, size, db),
          up: [],
          down: [],
          upMem: 0,
          downMem: 0,
          runs: runsFor(size),
          error: null,
        });
      }
      const rounds = Math.max(...entries.map((e) => e.runs));
      for (let round = 0; round < rounds; round++) {
        for (let k = 0; k < entries.length; k++) {
          const e = entries[(k + round) % entries.length];
          if (e.error || e.up.length >= e.runs) continue;
          try {
            await e.db.reset();
            const up = await measure(e.prepared.up);
            if (e.up.length === 0) {
              const count = await countWorkloadTables(e.db);
              if (count !== size) throw new Error(`upgrade left ${count} of ${size} tables`);
            }
            e.up.push(up.ms);
            e.upMem = Math.max(e.upMem, up.memoryMb ?? 0);
            let longest = up.ms;
            if (e.prepared.down) {
              const down = await measure(e.prepared.down);
              if (e.down.length === 0) {
                const count = await countWorkloadTables(e.db);
                if (count !== 0) throw new Error(`downgrade left ${count} tables`);
              }
              e.down.push(down.ms);
              e.downMem = Math.max(e.downMem, down.memoryMb ?? 0);
              longest = Math.max(longest, down.ms);
            }
            if (e.up.length === 1 && longest > ONE_RUN_MS) e.runs = 1;
          } catch (err) {
            e.error = String(err.message ?? err)
              .split('\n')[0]
              .slice(0, 300);
          }
        }
      }
      const raw = entries.find((e) => e.tool.key === 'raw');
      const summaries = new Map();
      for (const e of entries) {
        const up = e.up.length ? { ...summarize(e.up), memoryMb: e.upMem } : null;
        const down = e.down.length ? { ...summarize(e.down), memoryMb: e.downMem } : null;
        summaries.set(e.tool.key, { up, down });
        if (up) perRevision.set(e.tool.key, Math.max(up.median, down?.median ?? 0) / size);
      }
      const rawS = raw && summaries.get('raw');
      const retortS = summaries.get('retort');
      for (const e of entries) {
        const s = summaries.get(e.tool.key);
        for (const [dir, fig, rawFig, retortFig] of [
          ['upgrade', s.up, rawS?.up, retortS?.up],
          ['downgrade', s.down, rawS?.down, retortS?.down],
        ]) {
          const wl = `${dir}:${kind}:${size}`;
          if (dir === 'downgrade' && !e.prepared.down) {
            report.skip(name(dir, e.tool), e.prepared.downSkip);
            record(wl, e.tool.key, { skip: e.prepared.downSkip });
            continue;
          }
          if (!fig) {
            const why = `failed: ${e.error ?? 'no runs'}`;
            rowFailed(report, name(dir, e.tool), why);
            record(wl, e.tool.key, { skip: why });
            continue;
          }
          record(wl, e.tool.key, fig);
          const parts = [`${fig.runs} run${fig.runs === 1 ? '' : 's'}`];
          if (e.tool.key !== 'raw' && rawFig) parts.push(`${ratio(fig, rawFig)} raw driver`);
          if (e.tool.key !== 'retort' && e.tool.key !== 'raw' && retortFig)
            parts.push(`retort is ${ratio(retortFig, fig)} this`);
          if (e.error) parts.push(`later run failed: ${e.error}`);
          report(name(dir, e.tool), { ...fig, unit: 'ms', note: parts.join('; ') });
        }
      }
    }
  }
}

function rowFailed(report, name, why) {
  report(name, { status: 'failed', note: why });
}
