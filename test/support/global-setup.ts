/**
 * Vitest global setup: starts throwaway PostgreSQL and MariaDB servers (when their binaries are
 * installed) and hands their URLs to the test workers through environment variables.
 *
 * - `RETORT_TEST_POSTGRES_URL`: `postgres://postgres@127.0.0.1:PORT/postgres`
 * - `RETORT_TEST_MYSQL_URL`: `mysql://retort:retort@127.0.0.1:PORT/`
 * - `RETORT_TEST_TMPDIR`: a per-run scratch folder for SQLite/PGlite test databases
 *
 * A variable that is already set is used as is (nothing is started for it). With `CI=true`
 * a server that cannot be started is an error: CI must never silently skip a dialect.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const isCI = process.env.CI === 'true' || process.env.CI === '1';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

interface Started {
  name: string;
  stop(): Promise<void>;
  /** Last-resort synchronous stop when the process exits without teardown. */
  stopSync(): void;
}

/** Ask the kernel for a free loopback port. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function userId(name: string): { uid: number; gid: number } | undefined {
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return undefined;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** Run a command as `user` when we are root (PostgreSQL refuses to run as root). */
function asUser(user: string, cmd: string, args: string[]): [string, string[]] {
  return isRoot ? ['runuser', ['-u', user, '--', cmd, ...args]] : [cmd, args];
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

const OWNER_FILE = 'owner.pid';

/** A temp dir that records this process as its owner, so a later run can reap it if we die. */
function ownedTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, OWNER_FILE), String(process.pid));
  return dir;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function pidFrom(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0].trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stops servers and removes folders left by test runs that were killed before teardown
 * (Ctrl-C, SIGKILL): without this every interrupted run leaks a PostgreSQL and a MariaDB.
 */
function reapOrphans(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    if (!/^retort-(pg|my|test)-/.test(name)) continue;
    const dir = join(tmpdir(), name);
    const owner = pidFrom(join(dir, OWNER_FILE));
    if (owner === undefined || isAlive(owner)) continue;
    // SIGQUIT is PostgreSQL's immediate shutdown; MariaDB gets no say.
    const server = name.startsWith('retort-pg-')
      ? { pid: pidFrom(join(dir, 'data', 'postmaster.pid')), signal: 'SIGQUIT' as const }
      : { pid: pidFrom(join(dir, 'mariadb.pid')), signal: 'SIGKILL' as const };
    if (server.pid !== undefined && isAlive(server.pid)) {
      try {
        process.kill(server.pid, server.signal);
      } catch {}
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : undefined;
}

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/sbin'])) {
    if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  }
  return undefined;
}

async function startPostgres(): Promise<{ url: string; server: Started }> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL binaries not found (/usr/lib/postgresql/*/bin/initdb)');
  const dir = ownedTempDir('retort-pg-');
  if (isRoot) {
    const ids = userId('postgres');
    if (!ids) throw new Error('running as root but there is no postgres user to run PostgreSQL');
    chownSync(dir, ids.uid, ids.gid);
  }
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const port = await freePort();
  try {
    await run(
      ...asUser('postgres', join(bin, 'initdb'), [
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
    const opts = [
      '-c listen_addresses=127.0.0.1',
      `-p ${port}`,
      `-k ${dir}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=300',
    ].join(' ');
    await run(
      ...asUser('postgres', join(bin, 'pg_ctl'), [
        '-D',
        data,
        '-l',
        log,
        '-w',
        '-t',
        '60',
        '-o',
        opts,
        'start',
      ]),
    );
  } catch (err) {
    const msg = `PostgreSQL failed to start: ${(err as Error).message}\n${tail(log)}`;
    rmSync(dir, { recursive: true, force: true });
    throw new Error(msg);
  }
  const stopArgs = ['-D', data, '-w', '-m', 'fast', 'stop'];
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    server: {
      name: 'postgresql',
      async stop() {
        if (stopped) return;
        stopped = true;
        await run(...asUser('postgres', join(bin, 'pg_ctl'), stopArgs)).catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
      stopSync() {
        if (stopped) return;
        stopped = true;
        spawnSync(...asUser('postgres', join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']));
        rmSync(dir, { recursive: true, force: true });
      },
    },
  };
}

async function startMariadb(): Promise<{ url: string; server: Started }> {
  const mariadbd = which('mariadbd') ?? which('mysqld');
  const installDb = which('mariadb-install-db') ?? which('mysql_install_db');
  const client = which('mariadb') ?? which('mysql');
  const admin = which('mariadb-admin') ?? which('mysqladmin');
  if (!mariadbd || !installDb || !client || !admin)
    throw new Error('MariaDB binaries not found (mariadbd, mariadb-install-db)');
  const dir = ownedTempDir('retort-my-');
  const data = join(dir, 'data');
  const sock = join(dir, 's.sock');
  const log = join(dir, 'server.log');
  if (isRoot) {
    const ids = userId('mysql');
    if (!ids) throw new Error('running as root but there is no mysql user to run MariaDB');
    chownSync(dir, ids.uid, ids.gid);
  }
  const userArg = isRoot ? ['--user=mysql'] : [];
  const port = await freePort();
  let child: ChildProcess | undefined;
  const cleanup = () => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run(installDb, [
      '--no-defaults',
      ...userArg,
      `--datadir=${data}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--skip-name-resolve',
    ]);
    const fd = openSync(log, 'a');
    child = spawn(
      mariadbd,
      [
        '--no-defaults',
        ...userArg,
        `--datadir=${data}`,
        `--socket=${sock}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        '--skip-log-bin',
        '--skip-name-resolve',
        `--pid-file=${join(dir, 'mariadb.pid')}`,
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
        '--innodb-flush-log-at-trx-commit=0',
        '--innodb-doublewrite=0',
        '--innodb-buffer-pool-size=64M',
        '--innodb-log-file-size=16M',
        '--max-connections=500',
      ],
      { stdio: ['ignore', fd, fd] },
    );
    let exited: number | null | undefined;
    child.on('exit', (code) => {
      exited = code;
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (exited !== undefined) throw new Error(`mariadbd exited with code ${exited}`);
      const ok = await run(admin, ['--no-defaults', `--socket=${sock}`, '-u', 'root', 'ping']).then(
        () => true,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error('mariadbd did not answer ping within 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    await run(client, [
      '--no-defaults',
      `--socket=${sock}`,
      '-u',
      'root',
      '-e',
      "CREATE USER 'retort'@'127.0.0.1' IDENTIFIED BY 'retort'; " +
        "GRANT ALL PRIVILEGES ON *.* TO 'retort'@'127.0.0.1' WITH GRANT OPTION; " +
        "CREATE USER 'retort'@'localhost' IDENTIFIED BY 'retort'; " +
        "GRANT ALL PRIVILEGES ON *.* TO 'retort'@'localhost' WITH GRANT OPTION; FLUSH PRIVILEGES;",
    ]);
  } catch (err) {
    const msg = `MariaDB failed to start: ${(err as Error).message}\n${tail(log)}`;
    cleanup();
    throw new Error(msg);
  }
  const proc = child;
  let stopped = false;
  return {
    url: `mysql://retort:retort@127.0.0.1:${port}/`,
    server: {
      name: 'mysql',
      async stop() {
        if (stopped) return;
        stopped = true;
        const exited = new Promise<void>((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null) resolve();
          else proc.once('exit', () => resolve());
        });
        await run(admin, ['--no-defaults', `--socket=${sock}`, '-u', 'root', 'shutdown']).catch(() => {
          proc.kill('SIGTERM');
        });
        const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
        rmSync(dir, { recursive: true, force: true });
      },
      stopSync() {
        if (stopped) return;
        stopped = true;
        proc.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      },
    },
  };
}

const servers: Started[] = [];
let scratch: string | undefined;

function onExit() {
  for (const s of servers) s.stopSync();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}

export async function setup(): Promise<void> {
  reapOrphans();
  process.once('exit', onExit);
  if (!process.env.RETORT_TEST_TMPDIR) {
    scratch = ownedTempDir('retort-test-');
    process.env.RETORT_TEST_TMPDIR = scratch;
  }

  const jobs: Array<Promise<void>> = [];
  const failures: string[] = [];
  // RETORT_TEST_DIALECTS (see databases.ts) narrows the dialects: start only what is wanted.
  const wanted = process.env.RETORT_TEST_DIALECTS?.split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  const want = (envVar: string, name: string, start: () => Promise<{ url: string; server: Started }>) => {
    if (process.env[envVar]) return;
    if (wanted?.length && !wanted.includes(name)) return;
    // One retry: a loaded machine occasionally fails a bootstrap that works the next time.
    const attempt = () =>
      start().catch((err: Error) => {
        console.warn(`[retort tests] ${name} start failed, retrying once: ${err.message}`);
        return start();
      });
    jobs.push(
      attempt().then(
        ({ url, server }) => {
          servers.push(server);
          process.env[envVar] = url;
        },
        (err: Error) => {
          failures.push(`${name}: ${err.message}`);
        },
      ),
    );
  };
  want('RETORT_TEST_POSTGRES_URL', 'postgresql', startPostgres);
  want('RETORT_TEST_MYSQL_URL', 'mysql', startMariadb);
  await Promise.all(jobs);
  const where = (v: string) => {
    const u = process.env[v];
    return u ? new URL(u).host : 'not available';
  };
  console.log(
    `[retort tests] postgresql: ${where('RETORT_TEST_POSTGRES_URL')}, mysql: ${where('RETORT_TEST_MYSQL_URL')}`,
  );

  if (failures.length) {
    if (isCI) {
      await teardown();
      throw new Error(`CI=true and a test database server could not be started:\n${failures.join('\n')}`);
    }
    for (const f of failures) console.warn(`[retort tests] skipping dialect — ${f}`);
  }
}

export async function teardown(): Promise<void> {
  await Promise.all(servers.map((s) => s.stop()));
  servers.length = 0;
  if (scratch) {
    rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
  }
  process.removeListener('exit', onExit);
}
