import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createEngine } from '../../src/dialects/index.js';
import { MigrationContext, MigrationError, runMigrations, upgrade } from '../../src/runtime/index.js';
import { ScriptDirectory } from '../../src/script/index.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';
import { resetDatabase, tableRevision, userTables, versionRows, writeRevisions } from './helpers.js';

// f2 creates its table, then runs a statement that fails.
const graph = [
  tableRevision('f1', null),
  tableRevision('f2', 'f1', {
    message: 'breaks',
    up: "  await op.createTable('t_f2', [op.column('id', 'integer', { primaryKey: true })]);\n  await op.execute('INSERT INTO no_such_table VALUES (1)');",
  }),
  tableRevision('f3', 'f2'),
];

describeEachDialect('a failing revision', (kind) => {
  let db: TestDatabase;
  let engine: any;
  let script: ScriptDirectory;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    engine = createEngine(db.url);
    script = new ScriptDirectory({ scriptLocation: writeRevisions(graph) });
  });
  afterAll(async () => {
    await engine?.close();
    await db?.drop();
  });
  beforeEach(async () => {
    await resetDatabase(engine);
  });

  it('names the revision and the statement, and leaves the database as before (rows = finished steps on MySQL)', async () => {
    const ctx = new MigrationContext({ engine });
    const err = await upgrade(script, [ctx], 'heads').catch((e) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect(err.revision).toBe('f2');
    expect(err.statement).toBe('INSERT INTO no_such_table VALUES (1)');
    expect(err.message).toMatch(
      /^Revision f2 failed \(upgrade f1 -> f2, breaks\): .*no_such_table.*; statement: INSERT INTO no_such_table VALUES \(1\)$/,
    );
    expect(err.message).not.toContain('\n');
    if (kind === 'mysql') {
      // DDL autocommits: f1 finished and its row is there; f2's table stayed, its row did not.
      expect(await versionRows(engine)).toEqual(['f1']);
      expect(await userTables(engine)).toEqual(['t_f1', 't_f2']);
    } else {
      expect(await versionRows(engine)).toBeNull();
      expect(await userTables(engine)).toEqual([]);
    }
  });

  it('with transactionPerMigration keeps the steps that finished', async () => {
    const ctx = new MigrationContext({ engine, transactionPerMigration: true });
    await expect(upgrade(script, [ctx], 'heads')).rejects.toThrow(MigrationError);
    expect(await versionRows(engine)).toEqual(['f1']);
    expect(await userTables(engine)).toEqual(kind === 'mysql' ? ['t_f1', 't_f2'] : ['t_f1']);
  });
});

describeEachDialect(
  'runMigrations over several databases',
  (kind) => {
    const dbs: TestDatabase[] = [];
    const engines: any[] = [];
    let script: ScriptDirectory;

    beforeAll(async () => {
      for (let i = 0; i < 2; i++) {
        dbs.push(await createTestDatabase(kind));
        engines.push(createEngine(dbs[i].url));
      }
      script = new ScriptDirectory({
        scriptLocation: writeRevisions([
          tableRevision('m1', null),
          tableRevision('m2', 'm1', {
            up: "  await op.createTable('t_m2', [op.column('id', 'integer', { primaryKey: true })]);\n  if (database === 'second') await op.execute('SELECT * FROM no_such_table');",
          }),
        ]),
      });
    });
    afterAll(async () => {
      for (const e of engines) await e.close();
      for (const d of dbs) await d.drop();
    });

    it('runs each database with its name and rolls every database back when one fails', async () => {
      const ctxs = [
        new MigrationContext({ engine: engines[0], databaseName: 'first' }),
        new MigrationContext({ engine: engines[1], databaseName: 'second' }),
      ];
      const err = await runMigrations(ctxs, (heads) => script.upgradeRevs('heads', heads), {
        revisionMap: script.revisionMap,
      }).catch((e) => e);
      expect(err).toBeInstanceOf(MigrationError);
      expect(err.message).toMatch(/^Revision m2 failed on database 'second'/);
      expect(await versionRows(engines[0])).toBeNull();
      expect(await userTables(engines[0])).toEqual([]);
      expect(await versionRows(engines[1])).toBeNull();

      const ok = await runMigrations([ctxs[0]], (heads) => script.upgradeRevs('heads', heads), {
        revisionMap: script.revisionMap,
      });
      expect(ok[0].steps).toEqual(['upgrade  -> m1, rev m1', 'upgrade m1 -> m2, rev m2']);
      expect(await versionRows(engines[0])).toEqual(['m2']);
    });
  },
  { only: ['sqlite', 'postgresql'] },
);

describeEachDialect(
  'the migration lock',
  (kind) => {
    let db: TestDatabase;
    let engines: any[];
    let script: ScriptDirectory;

    beforeAll(async () => {
      db = await createTestDatabase(kind);
      engines = [createEngine(db.url), createEngine(db.url)];
      script = new ScriptDirectory({ scriptLocation: writeRevisions([tableRevision('l1', null)]) });
    });
    afterAll(async () => {
      for (const e of engines ?? []) await e.close();
      await db?.drop();
    });

    it('makes other runs wait (or time out) and re-reads the heads once they hold it', async () => {
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let entered!: () => void;
      const inside = new Promise<void>((r) => {
        entered = r;
      });
      const first = upgrade(
        script,
        [
          new MigrationContext({
            engine: engines[0],
            onVersionApply: async () => {
              entered();
              await held;
            },
          }),
        ],
        'heads',
      );
      await inside;
      const t0 = Date.now();
      await expect(
        upgrade(script, [new MigrationContext({ engine: engines[1], lock: { timeoutMs: 300 } })], 'heads'),
      ).rejects.toThrow(/Could not acquire the migration lock within 0\.3 s/);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
      // A run that starts now waits; once it holds the lock it re-reads the heads and plans nothing.
      const waiting = upgrade(script, [new MigrationContext({ engine: engines[1] })], 'heads');
      await new Promise((r) => setTimeout(r, 200));
      release();
      const [done] = await first;
      expect(done.steps).toEqual(['upgrade  -> l1, rev l1']);
      const [again] = await waiting;
      expect(again.steps).toEqual([]);
      expect(await versionRows(engines[1])).toEqual(['l1']);
    });
  },
  { only: ['sqlite', 'postgresql', 'mysql'] },
);
