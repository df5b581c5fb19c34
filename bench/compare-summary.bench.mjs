// Puts the figures of compare-listing / compare-migrate / compare-autogenerate (this run)
// side by side with Flask-Alembic's (measured elsewhere) and checks retort's goals and the
// issue's targets. Adds no timing of its own: it only writes Markdown sections.
import os from 'node:os';
import { loadAtStart, lookup, n, quick, results } from './alternatives/results.mjs';
import { tools } from './alternatives/tools.mjs';

/** Flask-Alembic 3.2 on this machine kind, measured elsewhere (whole process, medians,
 * SQLite file database, Python 3.11), from issue 6. Milliseconds. */
const FLASK_ALEMBIC = {
  start: [580, '`db --help`'],
  'heads:linear:1000': [790],
  'heads:linear:5000': [1950, '4.9 s cold cache'],
  'log:linear:5000': [2030],
  'upgrade:sqlite:1000': [4800],
  'upgrade:sqlite:5000': [25800],
  'downgrade:sqlite:1000': [8000],
  'downgrade:sqlite:5000': [106500],
  'autogenerate:sqlite:500': [3600],
  'check:sqlite:500': [3600],
};

/** retort's goals from issue 6 (milliseconds). */
const GOALS = {
  start: [150, '`--help` < 0.15 s'],
  'heads:linear:5000': [250, '`heads` on 5,000 < 0.25 s'],
  'upgrade:sqlite:5000': [2000, '`upgrade` 5,000 < 2 s'],
  'downgrade:sqlite:5000': [3000, '`downgrade base` 5,000 < 3 s'],
  'autogenerate:sqlite:500': [700, 'autogenerate 500 tables < 0.7 s'],
  'check:sqlite:500': [500, '`check` 500 tables < 0.5 s'],
};

const COLUMNS = [
  ['retort', 'retort'],
  ['retort_cold', 'retort, cold cache'],
  ['raw', 'raw driver'],
  ['knex', 'Knex'],
  ['kysely', 'Kysely Migrator'],
  ['drizzle', 'drizzle-kit'],
  ['alembic', 'Python Alembic'],
];

const ms = (v) => (v === undefined ? '' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
const dbName = { sqlite: 'SQLite', postgresql: 'PostgreSQL' };

function describe(id) {
  const [what, a, b] = id.split(':');
  if (what === 'start') return 'CLI start (`--help`)';
  if (what === 'heads' || what === 'log') {
    return a === 'branchy'
      ? `\`${what}\`, ${n(Number(b))} revisions, 20 branches merged`
      : `\`${what}\`, ${n(Number(b))} linear revisions`;
  }
  if (what === 'list') return `Knex \`migrate:list\`, ${n(Number(b))} revisions`;
  if (what === 'upgrade') return `\`upgrade\` base→head, ${n(Number(b))} revisions, ${dbName[a]}`;
  if (what === 'downgrade') return `\`downgrade base\`, ${n(Number(b))} revisions, ${dbName[a]}`;
  if (what === 'autogenerate') return `autogenerate, ${n(Number(b))} tables, ${dbName[a]}`;
  if (what === 'check') return `\`check\` (up to date), ${n(Number(b))} tables, ${dbName[a]}`;
  if (what === 'check-db') return `drizzle-kit \`push\` (up to date), ${n(Number(b))} tables, ${dbName[a]}`;
  return id;
}

function cell(fig) {
  if (!fig) return '';
  if (fig.skip)
    return /^skipped: python3-alembic/.test(fig.skip)
      ? 'not installed'
      : /has no down/.test(fig.skip)
        ? 'no down'
        : fig.skip.startsWith('failed')
          ? 'failed'
          : 'skipped';
  return ms(fig.median);
}

export default async function run(report) {
  if (results.size === 0) return;
  // Fold Knex's migrate:list and drizzle-kit push into the workloads they stand in for.
  for (const [id, byTool] of results) {
    if (id.startsWith('list:')) {
      for (const cmd of ['heads', 'log']) {
        const target = `${cmd}:${id.slice(5)}`;
        if (results.has(target)) results.get(target).set('knex', byTool.get('knex'));
      }
    }
  }
  const ids = [...results.keys()].filter((id) => !id.startsWith('list:') && !id.startsWith('check-db:'));
  const lines = [
    '## Side by side',
    '',
    `Medians of whole-process runs in this run (${quick ? '`--quick` subset' : 'full set'}); every alternative ran the same`,
    'statements on the same database kind, interleaved with retort. Knex has no `heads`/`log`:',
    'its column there is `migrate:list` (which also reads the database). drizzle-kit columns for',
    'autogenerate / `check` are `generate` (diffs its snapshot file, not the database). "Flask-Alembic"',
    'is **measured elsewhere** (Flask-Alembic 3.2, same machine kind, Python 3.11, SQLite file',
    'database, whole process, medians), quoted from issue 6 — not re-run here.',
    '',
    `| workload | ${COLUMNS.map(([, l]) => l).join(' | ')} | retort ÷ raw | retort ÷ fastest alternative | Flask-Alembic 3.2 (measured elsewhere) | retort goal |`,
    `|---|${COLUMNS.map(() => '---:').join('|')}|---:|---:|---:|---|`,
  ];
  const behind = [];
  for (const id of ids) {
    const byTool = results.get(id);
    const ours = byTool.get('retort');
    const raw = byTool.get('raw');
    const alternatives = [...byTool].filter(
      ([k, v]) => !['retort', 'retort_cold', 'raw', 'node'].includes(k) && v?.median,
    );
    const fastest = alternatives.sort((a, b) => a[1].median - b[1].median)[0];
    const vsRaw = ours?.median && raw?.median ? `${(ours.median / raw.median).toFixed(2)}×` : '';
    let vsAlt = '';
    if (ours?.median && fastest) {
      const label = tools.find((t) => t.key === fastest[0])?.label.split(' ')[0] ?? fastest[0];
      vsAlt = `${(ours.median / fastest[1].median).toFixed(2)}× (${label})`;
      if (ours.median > fastest[1].median) behind.push(`${describe(id)}: ${vsAlt}`);
    }
    const fa = FLASK_ALEMBIC[id];
    const goal = GOALS[id];
    lines.push(
      `| ${describe(id)} | ${COLUMNS.map(([k]) => cell(byTool.get(k))).join(' | ')} | ${vsRaw} | ${vsAlt} | ${fa ? `${ms(fa[0])}${fa[1] ? ` (${fa[1]})` : ''}` : ''} | ${goal ? goal[1] : ''} |`,
    );
  }
  lines.push('', 'Peak memory (RSS, MB) of each process is in the table above, per row.');

  // Targets and goals.
  const t = ['## Goals and targets', '', '| target | measured (this run) | met? |', '|---|---|---|'];
  const verdict = (ok) => (ok === undefined ? 'not measured' : ok ? 'yes' : '**no**');
  for (const [id, [limit, text]] of Object.entries(GOALS)) {
    const fig = lookup(id, 'retort');
    t.push(
      `| goal: ${text} | ${fig?.median ? ms(fig.median) : cell(fig) || 'not run'} | ${verdict(fig?.median ? fig.median < limit : undefined)} |`,
    );
  }
  for (const id of ids.filter((x) => x.startsWith('upgrade:'))) {
    const ours = lookup(id, 'retort');
    const raw = lookup(id, 'raw');
    const r = ours?.median && raw?.median ? ours.median / raw.median : undefined;
    t.push(
      `| ${describe(id)} ≤ 1.2× raw driver | ${r ? `${r.toFixed(2)}×` : cell(ours) || 'not run'} | ${verdict(r === undefined ? undefined : r <= 1.2)} |`,
    );
  }
  for (const cmd of ['heads', 'log']) {
    const fig = lookup(`${cmd}:linear:10000`, 'retort');
    t.push(
      `| \`${cmd}\` on 10,000 revisions < 0.5 s (whole process) | ${fig?.median ? ms(fig.median) : 'not run'} | ${verdict(fig?.median ? fig.median < 500 : undefined)} |`,
    );
  }
  t.push(
    `| retort ahead of every alternative on every shared workload | ${behind.length ? `behind on ${behind.length}: ${behind.join('; ')}` : 'ahead everywhere measured'} | ${verdict(behind.length === 0)} |`,
  );
  const load = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
  t.push(
    '',
    `Load average (1/5/15 min) when the comparison started: ${loadAtStart}; at its end: ${load} on ${os.cpus().length} CPUs.`,
    'Other processes on the machine show up here; ratios are of runs interleaved in the same run.',
  );
  report.markdown(lines.join('\n'));
  report.markdown(t.join('\n'));
}
