// Helpers for bench workloads (bench/*.bench.mjs). Times are milliseconds, memory is MB.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/..). */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const GNU_TIME = '/usr/bin/time';

/** Median, min and max of a list of numbers. */
export function summarize(samples) {
  if (samples.length === 0) throw new Error('summarize: no samples');
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], runs: s.length };
}

/**
 * Times `fn` (sync or async) `runs` times after `warmup` untimed calls.
 * @returns {Promise<{median:number,min:number,max:number,runs:number}>} milliseconds
 */
export async function timeRuns(fn, runs = 5, { warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

/** Fresh scratch folder under bench/.work (git-ignored); removed first if it exists. */
export function workDir(name) {
  const dir = join(root, 'bench', '.work', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

// For `node` children when GNU time is missing: a preload that writes the child's own peak RSS.
function nodeRssPreload() {
  const dir = join(tmpdir(), 'retort-bench-preload');
  const file = join(dir, 'rss.cjs');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      file,
      "process.on('exit', () => { require('node:fs').writeFileSync(process.env.RETORT_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); });\n",
    );
  }
  return file;
}

function runOnce(cmd, args, { cwd, env, rssFile }) {
  return new Promise((resolvePromise, reject) => {
    let full = [cmd, args];
    let childEnv = { ...process.env, ...env };
    if (existsSync(GNU_TIME)) {
      full = [GNU_TIME, ['-f', '%M', '-o', rssFile, cmd, ...args]];
    } else if (/(^|\/)node$/.test(cmd)) {
      childEnv = { ...childEnv, RETORT_BENCH_RSS_FILE: rssFile };
      full = [cmd, ['--require', nodeRssPreload(), ...args]];
    }
    const t0 = performance.now();
    const child = spawn(full[0], full[1], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out = (out + d).slice(-4000);
    });
    child.stderr.on('data', (d) => {
      out = (out + d).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = performance.now() - t0;
      if (code !== 0) {
        reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}\n${out.trim()}`));
        return;
      }
      let kb;
      try {
        // GNU time may print extra lines (e.g. "Command exited…"); the number is the last one.
        const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
        kb = Number(lines[lines.length - 1]);
      } catch {
        kb = undefined;
      }
      resolvePromise({ ms, kb, output: out });
    });
  });
}

/**
 * Runs a whole process `runs` times (after `warmup` untimed runs) and measures wall time and
 * peak RSS (GNU `/usr/bin/time -f %M` when present, else a preload for `node` commands).
 * A non-zero exit throws.
 * @returns {Promise<{median:number,min:number,max:number,runs:number,memoryMb?:number,output:string}>}
 */
export async function timeProcess(cmd, args = [], { runs = 5, warmup = 1, cwd = root, env = {} } = {}) {
  const tmp = mkdtempSync(join(tmpdir(), 'retort-bench-'));
  try {
    const rssFile = join(tmp, 'rss');
    for (let i = 0; i < warmup; i++) await runOnce(cmd, args, { cwd, env, rssFile });
    const times = [];
    let peakKb;
    let output = '';
    for (let i = 0; i < runs; i++) {
      rmSync(rssFile, { force: true });
      const r = await runOnce(cmd, args, { cwd, env, rssFile });
      times.push(r.ms);
      output = r.output;
      if (Number.isFinite(r.kb)) peakKb = Math.max(peakKb ?? 0, r.kb);
    }
    const res = { ...summarize(times), output };
    if (peakKb !== undefined) res.memoryMb = peakKb / 1024;
    return res;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Peak RSS of this process so far, in MB. */
export function selfPeakMb() {
  return process.resourceUsage().maxRSS / 1024;
}

let databases;

/**
 * The test suite's databases for workloads: starts the throwaway PostgreSQL/MariaDB servers
 * (when installed) once per bench run and returns `test/support/databases.ts`:
 * `{ availableTestDialects, createTestDatabase(kind), withTestDatabase(kind, fn) }`.
 * Servers run with fsync off: numbers measure retort, not the disk.
 */
export function testDatabases() {
  databases ??= (async () => {
    const { tsImport } = await import('tsx/esm/api');
    const setup = await tsImport('../test/support/global-setup.ts', import.meta.url);
    await setup.setup();
    // Imported only now: it reads the server URLs from the environment when loaded.
    const mod = await tsImport('../test/support/databases.ts', import.meta.url);
    return { ...mod, teardown: setup.teardown };
  })();
  return databases;
}

/** Stops what testDatabases() started (bench/run.mjs calls this at the end). */
export async function stopTestDatabases() {
  if (!databases) return;
  const d = await databases.catch(() => undefined);
  databases = undefined;
  await d?.teardown();
}
