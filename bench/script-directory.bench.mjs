// The script layer in-process: reading 1,000 and 10,000 revision files (a straight line),
// building the revision map from their headers (no module is imported), listing heads and
// planning `upgrade heads` from an empty database. Uses the built dist/script/index.js.
// Target for 10,000 files: under 0.3 s and under 200 MB.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, summarize, workDir } from './lib.mjs';

function writeLine(dir, count) {
  mkdirSync(dir, { recursive: true });
  let prev = null;
  for (let i = 0; i < count; i++) {
    const rev = String(1_700_000_000 + i);
    const text = `/**
 * revision ${i}
 *
 * Revision ID: ${rev}
 * Revises: ${prev ?? ''}
 * Create Date: 2026-11-24 00:00:00.000000
 */
import type { Operations } from 'retort';

export const revision = '${rev}';
export const downRevision: string | readonly string[] | null = ${prev === null ? 'null' : `'${prev}'`};
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

export default async function run(report) {
  const entry = join(root, 'dist', 'script', 'index.js');
  if (!existsSync(entry)) {
    report.skip('script directory', 'dist/script/index.js missing: run npm run build');
    return;
  }
  const { ScriptDirectory } = await import(pathToFileURL(entry).href);
  for (const count of [1_000, 10_000]) {
    const dir = join(workDir(`script-directory-${count}`), 'migrations');
    writeLine(dir, count);
    const total = [];
    const files = [];
    const graph = [];
    const cpu = [];
    let firstRssMb = 0;
    for (let i = 0; i < 6; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const script = new ScriptDirectory({ scriptLocation: dir });
      void script.scripts; // reads every file's header
      const t1 = performance.now();
      const heads = script.getHeads(); // builds the revision map
      const steps = script.upgradeRevs('heads', []);
      const t2 = performance.now();
      const c = process.cpuUsage(c0);
      if (heads.length !== 1 || steps.length !== count)
        throw new Error(`unexpected plan: ${heads} / ${steps.length}`);
      if (i === 0) {
        // The first run warms the JIT and the page cache; its RSS is what one command uses.
        firstRssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
        continue;
      }
      total.push(t2 - t0);
      cpu.push((c.user + c.system) / 1000);
      files.push(t1 - t0);
      graph.push(t2 - t1);
    }
    const memoryMb = firstRssMb;
    const n = count.toLocaleString('en');
    report(`load + heads + planUpgrade, ${n} files`, {
      ...summarize(total),
      unit: 'ms',
      memoryMb,
      note: `CPU time median ${summarize(cpu).median.toFixed(0)} ms (wall time suffers on a busy machine); memory: process RSS after the first run`,
    });
    report(`  of which reading headers, ${n} files`, { ...summarize(files), unit: 'ms' });
    report(`  of which revision map + plan, ${n} files`, { ...summarize(graph), unit: 'ms' });
  }
}
