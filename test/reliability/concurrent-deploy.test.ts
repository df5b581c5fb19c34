/**
 * Concurrent deploys (issue 7, item 1): many `retort upgrade` processes at once, upgrade
 * racing downgrade, the Express upgrade-on-start in several instances, and a lock holder
 * killed with SIGKILL.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createEngine } from '../../src/dialects/index.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';
import {
  FULL,
  logCounts,
  type RevSpec,
  runCli,
  sleepStatement,
  startCli,
  tempDir,
  versionRows,
  waitFor,
  writeRevs,
} from './helpers.js';

const STEPS = ['c1', 'c2', 'c3', 'c4', 'c5'];

/** Each step creates a table (a second apply fails) and logs itself (a second apply shows). */
function chain(): RevSpec[] {
  return STEPS.map((rev, i) => ({
    rev,
    down: i === 0 ? null : STEPS[i - 1],
    up: [
      i === 0
        ? "  await op.createTable('mig_log', [op.column('rev', 'string(10)', { nullable: false })]);"
        : '',
      `  await op.createTable('t_${rev}', [op.column('id', 'integer', { primaryKey: true })]);`,
      `  await op.execute("INSERT INTO mig_log (rev) VALUES ('${rev}')");`,
      // Widen the race: the first step holds the lock a while.
      i === 0 ? '  await new Promise((r) => setTimeout(r, 200));' : '',
    ].join('\n'),
    downBody: [
      `  await op.dropTable('t_${rev}');`,
      i === 0
        ? "  await op.dropTable('mig_log');"
        : `  await op.execute("DELETE FROM mig_log WHERE rev = '${rev}'");`,
    ].join('\n'),
  }));
}

async function tables(engine: any): Promise<string[]> {
  const snap = await engine.withConnection(async (conn: any) => {
    const sql =
      conn.dialect.name === 'sqlite'
        ? "SELECT name FROM sqlite_master WHERE type = 'table'"
        : conn.dialect.name === 'postgresql'
          ? 'SELECT tablename AS name FROM pg_catalog.pg_tables WHERE schemaname = current_schema()'
          : 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()';
    return (await conn.execute(sql)).rows;
  });
  return snap
    .map((r: any) => String(r.name ?? r.NAME ?? r.TABLE_NAME))
    .filter((n: string) => n.startsWith('t_'))
    .sort();
}

/** The database is exactly at `rev`: its tables, log rows (once each) and version row. */
async function expectAt(url: string, rev: string | null): Promise<void> {
  const engine = createEngine(url);
  try {
    const upto = rev === null ? [] : STEPS.slice(0, STEPS.indexOf(rev) + 1);
    expect(await versionRows(engine)).toEqual(rev === null ? [] : [rev]);
    expect(await tables(engine)).toEqual(upto.map((r) => `t_${r}`));
    if (upto.length) expect(await logCounts(engine)).toEqual(Object.fromEntries(upto.map((r) => [r, 1])));
  } finally {
    await engine.close();
  }
}

describeEachDialect(
  'concurrent deploys',
  (kind) => {
    let db: TestDatabase | undefined;
    afterEach(async () => {
      await db?.drop();
      db = undefined;
    });

    it('16 `retort upgrade` processes at once: every step applied once, every process exits 0', async () => {
      db = await createTestDatabase(kind);
      const dir = writeRevs(tempDir('rel-conc-'), chain());
      const runs = Array.from({ length: 16 }, () =>
        runCli(['upgrade', '--url', db!.url, '--migrations', dir]),
      );
      const results = await Promise.all(runs);
      for (const r of results) expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
      const lines = results.flatMap((r) =>
        r.stderr.split('\n').filter((l) => l.startsWith('Running upgrade')),
      );
      expect(lines.sort()).toEqual(
        STEPS.map((s, i) => `Running upgrade ${i ? STEPS[i - 1] : ''} -> ${s}, step ${s}`).sort(),
      );
      await expectAt(db.url, 'c5');
    });

    it('upgrade-on-start of the Express integration in several instances', async () => {
      db = await createTestDatabase(kind);
      const dir = writeRevs(tempDir('rel-express-'), chain());
      const fixture = join(import.meta.dirname, 'fixtures', 'express-start.mjs');
      const n = FULL ? 8 : 3;
      const outs = await Promise.all(
        Array.from(
          { length: n },
          () =>
            new Promise<{ code: number | null; out: string; err: string }>((res) => {
              const p = spawn(process.execPath, [fixture, db!.url, dir], { stdio: 'pipe' });
              let out = '';
              let err = '';
              p.stdout.on('data', (d) => (out += d));
              p.stderr.on('data', (d) => (err += d));
              p.on('close', (code) => res({ code, out, err }));
            }),
        ),
      );
      for (const o of outs) {
        expect(o.code, o.err + o.out).toBe(0);
        expect(JSON.parse(o.out)).toEqual({ ok: true, current: ['c5'] });
      }
      expect(
        outs.flatMap((o) => o.err.split('\n').filter((l) => l.startsWith('Running upgrade'))),
      ).toHaveLength(5);
      await expectAt(db.url, 'c5');
    });

    it('downgrade racing upgrades: a clean wait, the version table always a valid head', async () => {
      db = await createTestDatabase(kind);
      const dir = writeRevs(tempDir('rel-updown-'), chain());
      expect((await runCli(['upgrade', 'c3', '--url', db.url, '--migrations', dir])).code).toBe(0);
      const rounds = FULL ? 4 : 1;
      for (let round = 0; round < rounds; round++) {
        const ups = Array.from({ length: FULL ? 8 : 3 }, () =>
          runCli(['upgrade', '--url', db!.url, '--migrations', dir]),
        );
        const downs = Array.from({ length: 2 }, () =>
          runCli(['downgrade', '-1', '--url', db!.url, '--migrations', dir]),
        );
        const all = await Promise.all([...ups, ...downs]);
        for (const r of all) {
          // Either success or one clear error line (never a stack, never a half-moved head).
          if (r.code !== 0) expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^Error: /);
        }
        expect(all.filter((r) => r.code !== 0)).toEqual([]);
        const engine = createEngine(db.url);
        const rows = await versionRows(engine);
        await engine.close();
        expect(rows).toHaveLength(1);
        expect(STEPS).toContain(rows![0]);
        await expectAt(db.url, rows![0]);
      }
    });

    it('a lock holder killed with SIGKILL leaves no lock behind: the next upgrade proceeds promptly', async () => {
      db = await createTestDatabase(kind);
      const dir = tempDir('rel-kill-');
      writeRevs(dir, [
        {
          rev: 'k1',
          down: null,
          // The sleep comes first: MariaDB's DDL is not transactional (a table created before
          // the kill would stay).
          up: `  if (process.env.RETORT_SLEEP) {\n${sleepStatement(kind, 60)}\n  }\n  await op.createTable('t_k1', [op.column('id', 'integer', { primaryKey: true })]);`,
        },
      ]);
      const marks = tempDir('rel-marks-');
      const holder = startCli(['upgrade', '--url', db.url, '--migrations', dir], {
        RETORT_MARKS: marks,
        RETORT_SLEEP: '1',
      });
      await waitFor(() => existsSync(join(marks, 'k1.start')), 30_000, 'the holder to start its migration');
      await new Promise((r) => setTimeout(r, 500)); // now inside the sleep, holding the lock
      holder.child.kill('SIGKILL');
      await holder.done;
      const started = Date.now();
      const next = await runCli(['upgrade', '--url', db.url, '--migrations', dir]);
      const elapsed = Date.now() - started;
      expect(next.code, next.stderr).toBe(0);
      expect(elapsed).toBeLessThan(15_000); // the lock timeout is 60 s; the sleep was 60 s
      const engine = createEngine(db.url);
      expect(await versionRows(engine)).toEqual(['k1']);
      await engine.close();
    });
  },
  { only: ['sqlite', 'postgresql', 'mysql'] },
);
