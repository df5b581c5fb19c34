// The command line as whole processes: `retort --help`, and the listing commands (`heads`,
// `log`) on 1,000 and 10,000 generated revision files. Listing must not import revision
// modules or database drivers, so these numbers are the CLI start plus header reading.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, summarize, timeProcess, workDir } from './lib.mjs';

/** A chain of `count` revisions, with a labelled side branch every 500 revisions merged back. */
export function generateRevisions(dir, count) {
  mkdirSync(dir, { recursive: true });
  let prev = null;
  for (let i = 0; i < count; i++) {
    const rev = String(1_000_000 + i);
    const down = prev === null ? 'null' : `'${prev}'`;
    const text = `/**
 * revision ${i}
 *
 * Revision ID: ${rev}
 * Revises: ${prev ?? ''}
 * Create Date: 2026-11-24 00:00:00.000000
 */
import type { Operations } from 'retort';

export const revision = '${rev}';
export const downRevision: string | readonly string[] | null = ${down};
export const branchLabels: readonly string[] = ${i === 0 ? "['default']" : '[]'};
export const dependsOn: readonly string[] = [];

export async function upgrade(op: Operations): Promise<void> {
  await op.execute('SELECT ${i}');
}

export async function downgrade(op: Operations): Promise<void> {
  await op.execute('SELECT ${i}');
}
`;
    writeFileSync(join(dir, `${rev}_revision_${i}.ts`), text);
    prev = rev;
  }
}

/**
 * CPU time (user + system) of a whole process, in ms: on a busy machine wall time mostly
 * measures waiting for a core, CPU time what the process itself costs.
 */
function cpuTimes(args, { cwd = root, runs = 5 } = {}) {
  if (!existsSync('/usr/bin/time')) return null;
  const tmp = mkdtempSync(join(tmpdir(), 'retort-cpu-'));
  try {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const out = join(tmp, 't');
      spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', out, process.execPath, ...args], {
        cwd,
        stdio: 'ignore',
      });
      const [u, s] = readFileSync(out, 'utf8').trim().split(/\s+/).map(Number);
      samples.push((u + s) * 1000);
    }
    return summarize(samples);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export default async function run(report) {
  const bin = join(root, 'dist', 'cli', 'bin.js');
  if (!existsSync(bin)) {
    report.skip('cli: retort --help', 'dist/cli/bin.js does not exist (run npm run build)');
    return;
  }
  const help = await timeProcess(process.execPath, [bin, '--help'], { runs: 10, warmup: 2 });
  report('cli: retort --help', { ...help, unit: 'ms', note: 'target < 150 ms' });
  const helpCpu = cpuTimes([bin, '--help'], { runs: 10 });
  if (helpCpu) report('cli: retort --help (CPU user+sys)', { ...helpCpu, unit: 'ms' });
  for (const count of [1_000, 10_000]) {
    const dir = workDir(`cli-${count}`);
    generateRevisions(join(dir, 'migrations'), count);
    for (const command of [['heads'], ['log']]) {
      const r = await timeProcess(process.execPath, [bin, ...command, '--migrations', 'migrations'], {
        cwd: dir,
        runs: count > 1_000 ? 5 : 10,
        warmup: 1,
      });
      report(`cli: retort ${command.join(' ')} (${count.toLocaleString('en')} revisions)`, {
        ...r,
        unit: 'ms',
        note: count === 10_000 ? 'target < 500 ms' : '',
      });
      const cpu = cpuTimes([bin, ...command, '--migrations', 'migrations'], { cwd: dir, runs: 5 });
      if (cpu) {
        report(`cli: retort ${command.join(' ')} (${count.toLocaleString('en')} revisions, CPU user+sys)`, {
          ...cpu,
          unit: 'ms',
        });
      }
    }
  }
  // The same listing through an app: retort.config.ts (loaded with tsx) importing retort.
  const app = workDir('cli-app');
  generateRevisions(join(app, 'migrations'), 1_000);
  mkdirSync(join(app, 'node_modules'));
  symlinkSync(root, join(app, 'node_modules', 'retort'), 'dir');
  writeFileSync(join(app, 'package.json'), '{"type":"module","private":true}');
  writeFileSync(
    join(app, 'retort.config.ts'),
    "import { Retort } from 'retort';\nexport const retort: Retort = new Retort({ engines: 'sqlite:app.sqlite' });\n",
  );
  const viaApp = await timeProcess(process.execPath, [bin, 'heads'], { cwd: app, runs: 5, warmup: 1 });
  report('cli: retort heads via retort.config.ts (1,000 revisions)', { ...viaApp, unit: 'ms', note: 'tsx' });
  const viaAppCpu = cpuTimes([bin, 'heads'], { cwd: app, runs: 5 });
  if (viaAppCpu) {
    report('cli: retort heads via retort.config.ts (1,000 revisions, CPU user+sys)', {
      ...viaAppCpu,
      unit: 'ms',
    });
  }
}
