// Databases the comparison runs on: a SQLite file per tool, and PostgreSQL from
// RETORT_TEST_POSTGRES_URL or, when the Debian binaries are there, a throwaway cluster this
// bench starts itself (in a temp folder, fsync off, stopped at the end). Nothing is installed.
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { root } from '../lib.mjs';

const run = promisify(execFile);
const require = createRequire(join(root, 'package.json'));
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** A SQLite file database; `reset()` deletes the file so the next run starts empty. */
export function sqliteDatabase(dir, name = 'bench.db') {
  const file = join(dir, name);
  return {
    kind: 'sqlite',
    file,
    url: `sqlite:${file}`,
    reset() {
      for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    },
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function postgresBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : undefined;
}

function asPostgres(cmd, args) {
  return isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

let server; // { url, how, stop() } | { skip: reason }

/**
 * The PostgreSQL server for this bench run (started once, stopped on exit).
 * @returns {Promise<{url:string, how:string} | {skip:string}>}
 */
export async function postgresServer() {
  if (server) return server;
  if (process.env.RETORT_TEST_POSTGRES_URL) {
    server = { url: process.env.RETORT_TEST_POSTGRES_URL, how: 'RETORT_TEST_POSTGRES_URL', stop() {} };
    return server;
  }
  const bin = postgresBin();
  if (!bin) {
    server = {
      skip: 'skipped: no PostgreSQL (set RETORT_TEST_POSTGRES_URL, or apt-get install postgresql for a throwaway cluster)',
    };
    return server;
  }
  const dir = mkdtempSync(join(tmpdir(), 'retort-bench-pg-'));
  try {
    if (isRoot) {
      const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout);
      const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout);
      chownSync(dir, uid, gid);
    }
    const data = join(dir, 'data');
    const port = await freePort();
    await run(
      ...asPostgres(join(bin, 'initdb'), [
        '-D',
        data,
        '-U',
        'postgres',
        '-A',
        'trust',
        '-E',
        'UTF8',
        '--no-sync',
      ]),
    );
    const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_locks_per_transaction=1024`;
    await run(
      ...asPostgres(join(bin, 'pg_ctl'), [
        '-D',
        data,
        '-l',
        join(dir, 'log'),
        '-w',
        '-t',
        '60',
        '-o',
        opts,
        'start',
      ]),
    );
    const stop = () => {
      spawnSync(...asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-w', '-m', 'fast', 'stop']));
      rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', stop);
    server = {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      how: `throwaway PostgreSQL ${bin.split('/').at(-2)} cluster (fsync off)`,
      stop,
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    server = {
      skip: `skipped: could not start a throwaway PostgreSQL: ${String(err.message).split('\n')[0]}`,
    };
  }
  return server;
}

/** A PostgreSQL database `name` on the bench server; `reset()` drops and re-creates it. */
export function postgresDatabase(serverUrl, name) {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    kind: 'postgresql',
    url,
    name,
    async reset() {
      const { Client } = require('pg');
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.query(`CREATE DATABASE "${name}"`);
      } finally {
        await c.end();
      }
    },
  };
}

/** How many of the workload's tables (`t00000`…) exist: checks that a run really did its DDL. */
export async function countWorkloadTables(db) {
  if (db.kind === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const conn = new Database(db.file, { readonly: true, fileMustExist: true });
    try {
      return conn
        .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name GLOB 't[0-9]*'")
        .get().n;
    } finally {
      conn.close();
    }
  }
  const { Client } = require('pg');
  const c = new Client({ connectionString: db.url });
  await c.connect();
  try {
    const r = await c.query(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+$'",
    );
    return r.rows[0].n;
  } finally {
    await c.end();
  }
}
