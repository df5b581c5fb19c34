// Autogenerate and `check` as whole processes on an app with N Drizzle tables:
// `retort revision init` against an empty database (writes the first revision), and
// `retort check` against a database upgraded to it. drizzle-kit is the only alternative with
// a schema diff: `generate` (diffs against its snapshot file, not the database) and `push`
// (introspects the database, the nearest thing to `check`). Knex and Kysely have none.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { postgresDatabase, postgresServer, sqliteDatabase } from './alternatives/databases.mjs';
import { measure, repeat } from './alternatives/measure.mjs';
import { n, quick, ratio, record } from './alternatives/results.mjs';
import { drizzle } from './alternatives/tools.mjs';
import { root, workDir } from './lib.mjs';
import { writeSchemaApp } from './workloads/schema-app.mjs';

const node = process.execPath;
const bin = join(root, 'dist', 'cli', 'bin.js');
const drizzleKit = join(root, 'node_modules', 'drizzle-kit', 'bin.cjs');
const SIZES = quick ? [50] : [50, 500];
const dbLabel = { sqlite: 'SQLite', postgresql: 'PostgreSQL' };
/** A command whose first run takes longer than this is run once only. */
const ONE_RUN_MS = 15_000;

function clear(dir) {
  rmSync(dir, { recursive: true, force: true });
}

function emptyMigrations(dir) {
  for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true, force: true });
}

function failure(err) {
  return String(err.message ?? err)
    .split('\n')[0]
    .slice(0, 300);
}

export default async function run(report) {
  const kinds = (process.env.RETORT_BENCH_DATABASES ?? 'sqlite,postgresql').split(',');
  const dk = drizzle.label.replace(' migrate', '');
  for (const kind of kinds) {
    let serverUrl;
    if (kind === 'postgresql') {
      const server = await postgresServer();
      if (server.skip) {
        report.skip('autogenerate / check on PostgreSQL', server.skip);
        continue;
      }
      serverUrl = server.url;
    }
    for (const size of SIZES) {
      const runs = quick ? 3 : size <= 50 ? 5 : 3;
      const warmup = size <= 50 ? 1 : 0;
      const dir = workDir(`compare-autogen-${kind}-${size}`);
      const db =
        kind === 'sqlite' ? sqliteDatabase(dir, 'app.db') : postgresDatabase(serverUrl, 'bench_ag_retort');
      const ddb =
        kind === 'sqlite'
          ? sqliteDatabase(dir, 'drizzle.db')
          : postgresDatabase(serverUrl, 'bench_ag_drizzle');
      writeSchemaApp(dir, size, kind, {
        url: db.url,
        file: ddb.file,
        ...(kind === 'postgresql' ? { url: db.url } : {}),
      });
      if (kind === 'postgresql') {
        // drizzle.config.json must point at drizzle's own database.
        const cfg = JSON.parse(readFileSync(join(dir, 'drizzle.config.json'), 'utf8'));
        cfg.dbCredentials = { url: ddb.url };
        (await import('node:fs')).writeFileSync(
          join(dir, 'drizzle.config.json'),
          JSON.stringify(cfg, null, 2),
        );
      }
      const migrations = join(dir, 'migrations');
      const env = { DATABASE_URL: db.url };
      const retort = (...args) => ({ cmd: node, args: [bin, ...args], cwd: dir, env });
      const dkit = (...args) => ({
        cmd: node,
        args: [drizzleKit, ...args, '--config', 'drizzle.config.json'],
        cwd: dir,
      });
      const label = (what, tool) => `${what}, ${n(size)} tables, ${dbLabel[kind]}: ${tool}`;
      const wl = (what) => `${what}:${kind}:${size}`;
      const rows = [];

      // retort: autogenerate the first revision against an empty database.
      await db.reset();
      let ours;
      try {
        ours = await repeat(retort('revision', 'init'), {
          runs,
          warmup,
          oneRunOver: ONE_RUN_MS,
          before: () => emptyMigrations(migrations),
        });
        const file = readdirSync(migrations).find((f) => f.endsWith('.ts'));
        const text = readFileSync(join(migrations, file), 'utf8');
        const created = (text.match(/createTable\(/g) ?? []).length;
        if (created !== size) throw new Error(`the revision creates ${created} of ${size} tables`);
        rows.push([
          'autogenerate',
          'retort',
          label('autogenerate (revision)', 'retort'),
          ours,
          `${ours.runs} runs; empty database`,
        ]);
      } catch (err) {
        ours = undefined;
        rows.push([
          'autogenerate',
          'retort',
          label('autogenerate (revision)', 'retort'),
          null,
          `failed: ${failure(err)}`,
        ]);
      }
      // retort check on the database upgraded to that revision.
      let ourCheck;
      try {
        if (!ours) throw new Error('no revision to upgrade to');
        await measure(retort('upgrade'));
        ourCheck = await repeat(retort('check'), { runs, warmup, oneRunOver: ONE_RUN_MS });
        rows.push([
          'check',
          'retort',
          label('check (up to date)', 'retort'),
          ourCheck,
          `${ourCheck.runs} runs; ${ourCheck.output.trim().split('\n').at(-1)}`,
        ]);
      } catch (err) {
        rows.push([
          'check',
          'retort',
          label('check (up to date)', 'retort'),
          null,
          `failed: ${failure(err)}`,
        ]);
      }

      // drizzle-kit generate from nothing (its autogenerate), then with an up-to-date snapshot.
      const out = join(dir, 'drizzle');
      try {
        const g = await repeat(dkit('generate'), {
          runs,
          warmup,
          oneRunOver: ONE_RUN_MS,
          before: () => clear(out),
        });
        rows.push([
          'autogenerate',
          'drizzle',
          label('autogenerate', `${dk} generate`),
          g,
          `${g.runs} runs; diffs against its snapshot; retort is ${ratio(ours, g)} this`,
        ]);
      } catch (err) {
        rows.push([
          'autogenerate',
          'drizzle',
          label('autogenerate', `${dk} generate`),
          null,
          `failed: ${failure(err)}`,
        ]);
      }
      try {
        const g = await repeat(dkit('generate'), { runs, warmup, oneRunOver: ONE_RUN_MS });
        if (!/No schema changes/.test(g.output))
          throw new Error('generate found changes on an up-to-date snapshot');
        rows.push([
          'check',
          'drizzle',
          label('check (up to date)', `${dk} generate`),
          g,
          `${g.runs} runs; compares with its snapshot file, not the database; retort check is ${ratio(ourCheck, g)} this`,
        ]);
      } catch (err) {
        rows.push([
          'check',
          'drizzle',
          label('check (up to date)', `${dk} generate`),
          null,
          `failed: ${failure(err)}`,
        ]);
      }
      // drizzle-kit push on a database it created itself: introspects and diffs, like check.
      try {
        await ddb.reset();
        await measure(dkit('push', '--force'));
        const p = await repeat(dkit('push', '--force'), { runs, warmup, oneRunOver: ONE_RUN_MS });
        rows.push([
          'check-db',
          'drizzle',
          label('check (up to date)', `${dk} push`),
          p,
          `${p.runs} runs; introspects the database; retort check is ${ratio(ourCheck, p)} this`,
        ]);
      } catch (err) {
        rows.push([
          'check-db',
          'drizzle',
          label('check (up to date)', `${dk} push`),
          null,
          // drizzle-kit's own error on a re-run against the database its first push created
          // (on SQLite it re-creates the indexes): shown as it is, not worked around
          `failed: drizzle-kit push errs when re-run on the database it created: ${failure(err)}`,
        ]);
      }

      for (const [what, tool, name, fig, note] of rows) {
        record(wl(what), tool, fig ?? { skip: note });
        if (fig) report(name, { ...fig, unit: 'ms', note });
        else report(name, { status: 'failed', note });
      }
    }
  }
  report.skip(
    'autogenerate / check: Knex, Kysely Migrator',
    'no schema diff: migrations are written by hand',
  );
}
