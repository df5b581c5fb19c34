// The migration tools compared, each as a generator of the same N one-op migrations in its
// own format plus the whole-process commands that run them. A tool that cannot run here says
// why (`available()` returns the reason) and the bench reports it as skipped.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../lib.mjs';
import { oneOp, script, seq } from '../workloads/ddl.mjs';

const node = process.execPath;
const here = join(root, 'bench', 'alternatives');
const bins = {
  retort: join(root, 'dist', 'cli', 'bin.js'),
  knex: join(root, 'node_modules', 'knex', 'bin', 'cli.js'),
  drizzleKit: join(root, 'node_modules', 'drizzle-kit', 'bin.cjs'),
};
const q = (s) => JSON.stringify(s);
const version = (pkg) => {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
};

/** @typedef {{cmd:string,args:string[],cwd?:string,env?:Record<string,string>}} Command */
/** @typedef {{up: Command, down?: Command, downSkip?: string}} Prepared */

/** retort: revision files per SPEC §2, run by the built CLI in flags-only mode. */
export const retort = {
  key: 'retort',
  label: 'retort',
  available: () => null,
  /** @returns {Prepared} */
  prepare(dir, count, db) {
    const migrations = join(dir, 'migrations');
    writeRetortRevisions(migrations, count, (i) => oneOp(i));
    const base = [bins.retort, '--url', db.url, '--migrations', migrations];
    return {
      up: { cmd: node, args: [...base, 'upgrade', 'heads'], cwd: dir },
      down: { cmd: node, args: [...base, 'downgrade', 'base'], cwd: dir },
    };
  },
};

/**
 * retort without its compile cache (`RETORT_CACHE=0`): every run compiles each revision
 * module with esbuild, as the first run on a fresh machine does.
 */
export const retortCold = {
  key: 'retort_cold',
  label: 'retort, cold compile cache',
  available: () => null,
  /** @returns {Prepared} */
  prepare(dir, count, db) {
    const { up, down } = retort.prepare(dir, count, db);
    const env = { RETORT_CACHE: '0' };
    return { up: { ...up, env }, down: { ...down, env } };
  },
};

/**
 * Writes `count` linear retort revisions (`rev(i)` ids) whose upgrade/downgrade run
 * `ops(i).up` / `ops(i).down` through `op.execute`.
 */
export function writeRetortRevisions(migrations, count, ops, { ext = 'ts' } = {}) {
  mkdirSync(migrations, { recursive: true });
  let prev = null;
  for (let i = 0; i < count; i++) {
    const rev = retortRevisionId(i);
    const { up, down } = ops(i);
    const ts = ext === 'ts';
    const text = `/**
 * create ${oneOpTable(i)}
 *
 * Revision ID: ${rev}
 * Revises: ${prev ?? ''}
 * Create Date: 2026-11-24 00:00:00.000000
 */
${ts ? "import type { Operations } from 'retort';\n" : ''}
export const revision = '${rev}';
export const downRevision${ts ? ': string | null' : ''} = ${prev === null ? 'null' : `'${prev}'`};
export const branchLabels${ts ? ': readonly string[]' : ''} = [];
export const dependsOn${ts ? ': readonly string[]' : ''} = [];

export async function upgrade(op${ts ? ': Operations' : ''})${ts ? ': Promise<void>' : ''} {
  await op.execute(${q(up)});
}

export async function downgrade(op${ts ? ': Operations' : ''})${ts ? ': Promise<void>' : ''} {
  await op.execute(${q(down)});
}
`;
    writeFileSync(join(migrations, `${rev}_create_${oneOpTable(i)}.${ext}`), text);
    prev = rev;
  }
}

/** 12 characters like the ids `retort revision` generates; unique and deterministic per index. */
export function retortRevisionId(i) {
  return `${((i * 2654435761) % 0xfffffff).toString(16).padStart(7, '0')}${seq(i)}`;
}

function oneOpTable(i) {
  return oneOp(i).up.split(' ')[2];
}

/** The driver alone: one process, one transaction, the same statements. */
export const raw = {
  key: 'raw',
  label: 'raw driver (limit)',
  available: () => null,
  prepare(dir, count, db) {
    const file = join(dir, 'statements.json');
    writeFileSync(file, JSON.stringify(script(count)));
    const runner = join(here, 'raw-runner.mjs');
    return {
      up: { cmd: node, args: [runner, db.url, file, 'up'], cwd: dir },
      down: { cmd: node, args: [runner, db.url, file, 'down'], cwd: dir },
    };
  },
};

/** Knex migrations: knexfile + one CommonJS file per migration, `knex migrate:*` as processes. */
export const knex = {
  key: 'knex',
  label: `Knex ${version('knex')}`,
  available: () => null,
  prepare(dir, count, db) {
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations, { recursive: true });
    for (let i = 0; i < count; i++) {
      const { up, down } = oneOp(i);
      writeFileSync(
        join(migrations, `${seq(i)}_create.cjs`),
        `exports.up = (knex) => knex.raw(${q(up)});\nexports.down = (knex) => knex.raw(${q(down)});\n`,
      );
    }
    const connection =
      db.kind === 'sqlite'
        ? `{ client: 'better-sqlite3', connection: { filename: ${q(db.file)} }, useNullAsDefault: true`
        : `{ client: 'pg', connection: ${q(db.url)}, pool: { min: 1, max: 1 }`;
    const knexfile = join(dir, 'knexfile.cjs');
    writeFileSync(
      knexfile,
      `module.exports = ${connection}, migrations: { directory: ${q(migrations)}, loadExtensions: ['.cjs'] } };\n`,
    );
    const base = [bins.knex, '--knexfile', knexfile];
    return {
      up: { cmd: node, args: [...base, 'migrate:latest'], cwd: dir },
      down: { cmd: node, args: [...base, 'migrate:rollback', '--all'], cwd: dir },
    };
  },
};

/** Kysely's Migrator with FileMigrationProvider, run by a small script as apps do. */
export const kysely = {
  key: 'kysely',
  label: `Kysely ${version('kysely')} Migrator`,
  available: () => null,
  prepare(dir, count, db) {
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations, { recursive: true });
    for (let i = 0; i < count; i++) {
      const { up, down } = oneOp(i);
      writeFileSync(
        join(migrations, `${seq(i)}_create.mjs`),
        `import { sql } from 'kysely';\nexport async function up(db) { await sql.raw(${q(up)}).execute(db); }\nexport async function down(db) { await sql.raw(${q(down)}).execute(db); }\n`,
      );
    }
    const runner = join(here, 'kysely-runner.mjs');
    return {
      up: { cmd: node, args: [runner, db.url, migrations, 'up'], cwd: dir },
      down: { cmd: node, args: [runner, db.url, migrations, 'down'], cwd: dir },
    };
  },
};

/** drizzle-kit `migrate`: SQL folder + meta/_journal.json in drizzle's format. Up only. */
export const drizzle = {
  key: 'drizzle',
  label: `drizzle-kit ${version('drizzle-kit')} migrate`,
  available: () => null,
  prepare(dir, count, db) {
    const out = join(dir, 'drizzle');
    mkdirSync(join(out, 'meta'), { recursive: true });
    const entries = [];
    for (let i = 0; i < count; i++) {
      const tag = `${seq(i)}_create`;
      writeFileSync(join(out, `${tag}.sql`), `${oneOp(i).up};\n`);
      entries.push({
        idx: i,
        version: db.kind === 'sqlite' ? '6' : '7',
        when: 1_760_000_000_000 + i,
        tag,
        breakpoints: true,
      });
    }
    const dialect = db.kind === 'sqlite' ? 'sqlite' : 'postgresql';
    writeFileSync(
      join(out, 'meta', '_journal.json'),
      JSON.stringify({ version: '7', dialect, entries }, null, 2),
    );
    const config = join(dir, 'drizzle.config.json');
    writeFileSync(
      config,
      JSON.stringify(
        { dialect, out, dbCredentials: { url: db.kind === 'sqlite' ? db.file : db.url } },
        null,
        2,
      ),
    );
    return {
      up: { cmd: node, args: [bins.drizzleKit, 'migrate', '--config', config], cwd: dir },
      downSkip: 'drizzle-kit has no down migrations',
    };
  },
};

let alembicReason;
/**
 * Debian's python3-alembic installs for the system Python, which a version manager's `python3`
 * on PATH (pyenv, asdf) may hide: the first interpreter that has Alembic is used.
 */
let python = 'python3';
const pythons = ['/usr/bin/python3', 'python3'];

/** Python Alembic (Debian's python3-alembic) when the machine has it; never installed here. */
export const alembic = {
  key: 'alembic',
  label: 'Python Alembic',
  /** The interpreter that has Alembic (known once `available()` ran). */
  get python() {
    return python;
  },
  available() {
    if (alembicReason !== undefined) return alembicReason;
    let r;
    for (const candidate of pythons) {
      r = spawnSync(candidate, ['-c', 'import alembic, sqlalchemy; print(alembic.__version__)'], {
        encoding: 'utf8',
      });
      python = candidate;
      if (r.status === 0) break;
    }
    if (r.status === 0) {
      alembic.label = `Python Alembic ${r.stdout.trim()}`;
      alembicReason = null;
    } else {
      alembicReason =
        r.error?.code === 'ENOENT'
          ? 'skipped: python3 not found'
          : 'skipped: python3-alembic not installed (apt-get install python3-alembic)';
    }
    return alembicReason;
  },
  /** PostgreSQL needs psycopg2 as well. */
  availableFor(db) {
    if (db.kind !== 'postgresql') return null;
    const r = spawnSync(python, ['-c', 'import psycopg2'], { encoding: 'utf8' });
    return r.status === 0
      ? null
      : 'skipped: python3-psycopg2 not installed (apt-get install python3-psycopg2)';
  },
  prepare(dir, count, db) {
    writeAlembicProject(dir, count, (i) => oneOp(i));
    const sqlaUrl =
      db.kind === 'sqlite' ? `sqlite:///${db.file}` : db.url.replace(/^postgres(ql)?:/, 'postgresql:');
    const env = { ALEMBIC_BENCH_URL: sqlaUrl };
    const base = ['-m', 'alembic', '-c', join(dir, 'alembic.ini')];
    return {
      up: { cmd: python, args: [...base, 'upgrade', 'head'], cwd: dir, env },
      down: { cmd: python, args: [...base, 'downgrade', 'base'], cwd: dir, env },
    };
  },
  listing(dir, count, command) {
    writeAlembicProject(dir, count, (i) => oneOp(i));
    return {
      cmd: python,
      args: ['-m', 'alembic', '-c', join(dir, 'alembic.ini'), command],
      cwd: dir,
      env: { ALEMBIC_BENCH_URL: 'sqlite://' },
    };
  },
};

/** An Alembic project (ini, env.py, versions/) with `count` linear one-op revisions. */
export function writeAlembicProject(dir, count, ops) {
  const versions = join(dir, 'alembic', 'versions');
  mkdirSync(versions, { recursive: true });
  writeFileSync(
    join(dir, 'alembic.ini'),
    `[alembic]\nscript_location = ${join(dir, 'alembic')}\n\n[loggers]\nkeys = root\n[handlers]\nkeys = console\n[formatters]\nkeys = generic\n[logger_root]\nlevel = WARN\nhandlers = console\n[handler_console]\nclass = StreamHandler\nargs = (sys.stderr,)\nformatter = generic\n[formatter_generic]\nformat = %(message)s\n`,
  );
  writeFileSync(
    join(dir, 'alembic', 'env.py'),
    `import os
from alembic import context
from sqlalchemy import create_engine

def run():
    engine = create_engine(os.environ["ALEMBIC_BENCH_URL"])
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()

run()
`,
  );
  writeFileSync(join(dir, 'alembic', 'script.py.mako'), '');
  let prev = null;
  for (let i = 0; i < count; i++) {
    const rev = retortRevisionId(i);
    const { up, down } = ops(i);
    writeFileSync(
      join(versions, `${rev}_create.py`),
      `"""create\n\nRevision ID: ${rev}\nRevises: ${prev ?? ''}\n"""\nfrom alembic import op\n\nrevision = ${q(rev)}\ndown_revision = ${prev === null ? 'None' : q(prev)}\nbranch_labels = None\ndepends_on = None\n\ndef upgrade():\n    op.execute(${q(up)})\n\ndef downgrade():\n    op.execute(${q(down)})\n`,
    );
    prev = rev;
  }
}

/** Every tool, retort first and the limit second. */
export const tools = [retort, retortCold, raw, knex, kysely, drizzle, alembic];
