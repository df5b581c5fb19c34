import { fork } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine } from '../../src/dialects/index.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';
import { userTables, versionRows, writeRevisions } from './helpers.js';

const child = join(import.meta.dirname, 'fixtures', 'concurrent-upgrade.ts');

// Each revision creates a table (a second apply would fail) and logs itself in mig_log.
const revisions = [
  {
    rev: 'k1',
    down: null,
    up: [
      "  await op.createTable('mig_log', [op.column('rev', 'string(10)', { nullable: false })]);",
      "  await op.createTable('t_k1', [op.column('id', 'integer', { primaryKey: true })]);",
      '  await op.execute("INSERT INTO mig_log (rev) VALUES (\'k1\')");',
      '  await new Promise((r) => setTimeout(r, 300));',
    ].join('\n'),
  },
  {
    rev: 'k2',
    down: 'k1',
    up: [
      "  await op.createTable('t_k2', [op.column('id', 'integer', { primaryKey: true })]);",
      '  await op.execute("INSERT INTO mig_log (rev) VALUES (\'k2\')");',
    ].join('\n'),
  },
  {
    rev: 'k3',
    down: 'k2',
    up: '  await op.execute("INSERT INTO mig_log (rev) VALUES (\'k3\')");',
  },
];

interface ChildResult {
  ok: boolean;
  steps?: string[];
  error?: string;
}

describeEachDialect(
  'four concurrent upgrades',
  (kind) => {
    let db: TestDatabase;
    let dir: string;

    beforeAll(async () => {
      db = await createTestDatabase(kind);
      dir = writeRevisions(revisions);
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('apply each step exactly once', async () => {
      const procs = Array.from({ length: 4 }, () =>
        fork(child, [db.url, dir], {
          execArgv: ['--import', 'tsx'],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      );
      const results = procs.map(
        (p) =>
          new Promise<ChildResult>((resolve, reject) => {
            p.on('message', (m) => {
              if (m !== 'ready') resolve(m as ChildResult);
            });
            p.on('error', reject);
            p.on('exit', (code) => {
              if (code !== 0) reject(new Error(`child exited with ${code}`));
            });
          }),
      );
      await Promise.all(
        procs.map(
          (p) => new Promise<void>((resolve) => p.once('message', (m) => m === 'ready' && resolve())),
        ),
      );
      for (const p of procs) p.send('go');
      const all = await Promise.all(results);
      expect(all.filter((r) => !r.ok)).toEqual([]);
      const steps = all.flatMap((r) => r.steps ?? []);
      expect(steps.sort()).toEqual([
        'upgrade  -> k1, rev k1',
        'upgrade k1 -> k2, rev k2',
        'upgrade k2 -> k3, rev k3',
      ]);

      const engine = createEngine(db.url);
      try {
        expect(await versionRows(engine)).toEqual(['k3']);
        expect(await userTables(engine)).toEqual(['t_k1', 't_k2']);
        const counts = await engine.withConnection(async (conn: any) => {
          const { rows } = await conn.execute(
            'SELECT rev, COUNT(*) AS n FROM mig_log GROUP BY rev ORDER BY rev',
          );
          return rows.map((r: any) => [String(r.rev), Number(r.n)]);
        });
        expect(counts).toEqual([
          ['k1', 1],
          ['k2', 1],
          ['k3', 1],
        ]);
      } finally {
        await engine.close();
      }
    });
  },
  { only: ['sqlite', 'postgresql', 'mysql'] },
);
