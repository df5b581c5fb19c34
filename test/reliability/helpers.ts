import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root. */
export const repoRoot = resolve(import.meta.dirname, '..', '..');
/** The built binary (`npm test` builds first). */
export const bin = join(repoRoot, 'dist', 'cli', 'bin.js');

if (!existsSync(bin)) {
  throw new Error(`${bin} does not exist: run \`npm run build\` first (\`npm test\` does).`);
}

/** Full counts (more processes, kill points) only when asked: `RELIABILITY_FULL=1`. */
export const FULL = process.env.RELIABILITY_FULL === '1';

export interface CliRun {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts `node dist/cli/bin.js ...args` as a whole process. */
export function startCli(args: readonly string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    stdout += d;
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((res) => child.on('close', (code, signal) => res({ code, signal, stdout, stderr })));
  return { child, done };
}

/** Runs the CLI to completion. */
export function runCli(args: readonly string[], env: Record<string, string> = {}) {
  return startCli(args, env).done;
}

/** A fresh temporary folder. */
export function tempDir(prefix: string): string {
  const root = process.env.RETORT_TEST_TMPDIR ?? tmpdir();
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, prefix));
}

/** One revision file: bodies are JavaScript statements using `op`. */
export interface RevSpec {
  rev: string;
  down: string | null;
  up: string;
  downBody?: string;
}

/** Writes revision files (plain JavaScript, `.mjs`: no transpiling in 16 processes) into `dir`. */
export function writeRevs(dir: string, revs: readonly RevSpec[]): string {
  mkdirSync(dir, { recursive: true });
  for (const r of revs) {
    writeFileSync(
      join(dir, `${r.rev}_step.mjs`),
      `/**
 * step ${r.rev}
 *
 * Revision ID: ${r.rev}
 * Revises: ${r.down ?? ''}
 * Create Date: 2026-11-24 00:00:00.000000
 */
import { writeFileSync } from 'node:fs';
export const revision = ${JSON.stringify(r.rev)};
export const downRevision = ${JSON.stringify(r.down)};
export const branchLabels = [];
export const dependsOn = [];

// Markers let a test see where a process is before it kills it.
function mark(name) {
  const dir = process.env.RETORT_MARKS;
  if (dir) writeFileSync(dir + '/' + name, String(process.pid));
}

export async function upgrade(op) {
  mark(${JSON.stringify(`${r.rev}.start`)});
${r.up}
  mark(${JSON.stringify(`${r.rev}.end`)});
}

export async function downgrade(op) {
${r.downBody ?? ''}
}
`,
    );
  }
  return dir;
}

/** Polls until `cond()` is true (or throws after `timeoutMs`). */
export async function waitFor(cond: () => boolean, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A statement that makes the server (or, on SQLite, the process) sleep for `seconds`. */
export function sleepStatement(kind: string, seconds: number): string {
  switch (kind) {
    case 'postgresql':
      return `  await op.execute('SELECT pg_sleep(${seconds})');`;
    case 'mysql':
      return `  await op.execute('SELECT SLEEP(${seconds})');`;
    default:
      return `  { const end = Date.now() + ${seconds * 1000}; while (Date.now() < end) {} }`;
  }
}

/** Every user table with its columns and rows, as one comparable value. */
export async function snapshot(engine: any): Promise<Record<string, unknown>> {
  return engine.withConnection(async (conn: any) => {
    let sql: string;
    switch (conn.dialect.name) {
      case 'sqlite':
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        break;
      case 'postgresql':
        sql = 'SELECT tablename AS name FROM pg_catalog.pg_tables WHERE schemaname = current_schema()';
        break;
      default:
        sql = 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()';
    }
    const { rows } = await conn.execute(sql);
    const names = rows.map((r: any) => String(r.name ?? r.NAME ?? r.TABLE_NAME)).sort();
    const out: Record<string, unknown> = {};
    for (const name of names) {
      const q = conn.dialect.quoteIdentifier(name);
      const data = await conn.execute(`SELECT * FROM ${q}`);
      const cols = data.rows[0] ? Object.keys(data.rows[0]).sort() : [];
      out[name] = {
        cols,
        rows: data.rows
          .map((r: any) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v)))
          .sort(),
      };
    }
    return out;
  });
}

/** The version rows, sorted (`null` when the table is missing). */
export async function versionRows(engine: any): Promise<string[] | null> {
  return engine.withConnection(async (conn: any) => {
    try {
      const { rows } = await conn.execute('SELECT version_num FROM alembic_version');
      return rows.map((r: any) => String(r.version_num)).sort();
    } catch {
      return null;
    }
  });
}

/** `SELECT rev, COUNT(*)` of the migration log table. */
export async function logCounts(engine: any): Promise<Record<string, number>> {
  return engine.withConnection(async (conn: any) => {
    const { rows } = await conn.execute('SELECT rev, COUNT(*) AS n FROM mig_log GROUP BY rev');
    return Object.fromEntries(rows.map((r: any) => [String(r.rev), Number(r.n)]));
  });
}
