// Whole-process start-up and listing: `--help`, then `heads` and `log` on linear graphs of
// 100 to 10,000 revisions and on a branchy graph of 1,000 (20 labelled branches merged back).
// Alternatives: Knex's nearest command (`migrate:list`, which reads the database too),
// drizzle-kit's start-up, and Python Alembic's `heads` / `history` when installed.
// Kysely's Migrator and drizzle-kit have no listing command.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sqliteDatabase } from './alternatives/databases.mjs';
import { n, quick, ratio, record } from './alternatives/results.mjs';
import { alembic, knex } from './alternatives/tools.mjs';
import { root, timeProcess, workDir } from './lib.mjs';
import { writeBranchyGraph, writeLinearGraph } from './workloads/graph.mjs';

const node = process.execPath;
const bin = join(root, 'dist', 'cli', 'bin.js');
const SIZES = quick ? [100, 1_000] : [100, 1_000, 5_000, 10_000];

async function time(command, runs, warmup = 1) {
  return timeProcess(command.cmd, command.args, {
    runs,
    warmup,
    cwd: command.cwd ?? root,
    env: command.env ?? {},
  });
}

export default async function run(report) {
  if (!existsSync(bin)) {
    report.skip('listing: retort', 'dist/cli/bin.js does not exist (run npm run build)');
    return;
  }
  const alembicSkip = alembic.available();
  const runs = quick ? 3 : 5;

  // Start-up.
  const starts = [
    ['retort', 'retort --help', { cmd: node, args: [bin, '--help'] }],
    [
      'knex',
      'knex --help',
      { cmd: node, args: [join(root, 'node_modules', 'knex', 'bin', 'cli.js'), '--help'] },
    ],
    [
      'drizzle',
      'drizzle-kit --help',
      { cmd: node, args: [join(root, 'node_modules', 'drizzle-kit', 'bin.cjs'), '--help'] },
    ],
    ['alembic', 'alembic --help (Python)', { cmd: alembic.python, args: ['-m', 'alembic', '--help'] }],
    ['node', 'node -e "" (bare Node start)', { cmd: node, args: ['-e', ''] }],
  ];
  const startFigures = new Map();
  for (const [key, label, command] of starts) {
    if (key === 'alembic' && alembicSkip) {
      report.skip(`start: ${label}`, alembicSkip);
      record('start', key, { skip: alembicSkip });
      continue;
    }
    const r = await time(command, quick ? 5 : 10, 2);
    startFigures.set(key, r);
    record('start', key, r);
  }
  for (const [key, label] of starts) {
    const r = startFigures.get(key);
    if (!r) continue;
    const note = [`${r.runs} runs`];
    if (key !== 'retort' && key !== 'node')
      note.push(`retort is ${ratio(startFigures.get('retort'), r)} this`);
    report(`start: ${label}`, { ...r, note: note.join('; ') });
  }

  // Listing.
  const graphs = [
    ...SIZES.map((size) => ({
      id: `linear:${size}`,
      label: `${n(size)} linear revisions`,
      size,
      write: (d) => writeLinearGraph(d, size),
    })),
    {
      id: 'branchy:1000',
      label: '1,000 revisions, 20 branches merged',
      size: 1_000,
      write: (d) => writeBranchyGraph(d, 1_000, 20),
    },
  ];
  for (const graph of graphs) {
    const dir = workDir(`compare-listing-${graph.id.replace(':', '-')}`);
    const migrations = join(dir, 'migrations');
    graph.write(migrations);
    const figures = {};
    for (const command of ['heads', 'log']) {
      const r = await time({ cmd: node, args: [bin, '--migrations', migrations, command], cwd: dir }, runs);
      figures[command] = r;
      record(`${command}:${graph.id}`, 'retort', r);
      const note = [`${r.runs} runs`];
      report(`${command}, ${graph.label}: retort`, { ...r, note: note.join('; ') });
    }
    if (graph.id.startsWith('branchy')) continue;
    // Knex: migrate:list against an empty SQLite file (its nearest command; it reads the database).
    const kdir = workDir(`compare-listing-knex-${graph.size}`);
    const db = sqliteDatabase(kdir);
    const prepared = knex.prepare(kdir, graph.size, db);
    const listArgs = prepared.up.args.slice(0, -1).concat('migrate:list');
    const k = await time({ cmd: node, args: listArgs, cwd: kdir }, runs);
    record(`list:${graph.id}`, 'knex', k);
    report(`migrate:list, ${graph.label}: ${knex.label}`, {
      ...k,
      note: `${k.runs} runs; nearest Knex command (lists pending/applied, reads the database); retort heads is ${ratio(figures.heads, k)} this, log ${ratio(figures.log, k)}`,
    });
    if (alembicSkip) {
      record(`heads:${graph.id}`, 'alembic', { skip: alembicSkip });
      record(`log:${graph.id}`, 'alembic', { skip: alembicSkip });
      if (graph.size === SIZES[0]) report.skip(`heads / history: ${alembic.label}`, alembicSkip);
      continue;
    }
    const adir = workDir(`compare-listing-alembic-${graph.size}`);
    for (const [command, ours] of [
      ['heads', 'heads'],
      ['history', 'log'],
    ]) {
      const a = await time(
        alembic.listing(adir, graph.size, command),
        quick ? 3 : graph.size > 1_000 ? 3 : 5,
      );
      record(`${ours}:${graph.id}`, 'alembic', a);
      report(`${command}, ${graph.label}: ${alembic.label}`, {
        ...a,
        note: `${a.runs} runs; retort ${ours} is ${ratio(figures[ours], a)} this`,
      });
    }
  }
}
