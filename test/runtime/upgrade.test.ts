import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createEngine } from '../../src/dialects/index.js';
import { current, downgrade, MigrationContext, upgrade } from '../../src/runtime/index.js';
import { ScriptDirectory } from '../../src/script/index.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';
import { resetDatabase, rowsOn, tableRevision, userTables, versionRows, writeRevisions } from './helpers.js';

// a <- b <- {c1, c2} <- d (merge);  x (second base, label other) <- y (depends on c1)
const graph = [
  tableRevision('a', null, { message: 'init' }),
  tableRevision('b', 'a'),
  tableRevision('c1', 'b'),
  tableRevision('c2', 'b'),
  tableRevision('d', ['c1', 'c2'], { message: 'merge' }),
  tableRevision('x', null, { labels: ['other'] }),
  tableRevision('y', 'x', { deps: ['c1'] }),
];

describeEachDialect('upgrade and downgrade', (kind) => {
  let db: TestDatabase;
  let engine: any;
  let script: ScriptDirectory;
  let log: string[];
  let after: Array<[string, string[]]>;
  let ctx: MigrationContext;

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
    log = [];
    after = [];
    ctx = new MigrationContext({
      engine,
      logger: (l) => log.push(l),
      onVersionApply: async ({ step, connection }) => {
        after.push([String(step), await rowsOn(connection)]);
      },
    });
  });

  it('upgrades over branch and merge points, one version row per head after each step', async () => {
    const [result] = await upgrade(script, [ctx], 'd');
    expect(after).toEqual([
      ['upgrade  -> a, init', ['a']],
      ['upgrade a -> b, rev b', ['b']],
      ['upgrade b -> c2, rev c2', ['c2']],
      ['upgrade b -> c1, rev c1', ['c1', 'c2']],
      ['upgrade c1, c2 -> d, merge', ['d']],
    ]);
    expect(log).toEqual(after.map(([s]) => `Running ${s}`));
    expect(result.heads).toEqual(['d']);
    expect(await versionRows(engine)).toEqual(['d']);
    expect(await userTables(engine)).toEqual(['t_a', 't_b', 't_c1', 't_c2', 't_d']);

    after = [];
    await downgrade(script, [ctx], 'base');
    expect(after).toEqual([
      ['downgrade c1, c2 -> d, merge'.replace('c1, c2 -> d', 'd -> c1, c2'), ['c1', 'c2']],
      ['downgrade c1 -> b, rev c1', ['c2']],
      ['downgrade c2 -> b, rev c2', ['b']],
      ['downgrade b -> a, rev b', ['a']],
      ['downgrade a -> , init', []],
    ]);
    expect(await versionRows(engine)).toEqual([]);
    expect(await userTables(engine)).toEqual([]);
  });

  it('follows depends_on into another branch and keeps the dependency as its own head', async () => {
    await upgrade(script, [ctx], 'y');
    expect(after.map(([s]) => s.split(',')[0])).toEqual([
      'upgrade  -> a',
      'upgrade a -> b',
      'upgrade b -> c1',
      'upgrade  -> x',
      'upgrade x -> y',
    ]);
    // y's normalized down revisions are x and c1: the step merges both rows into y.
    expect(after.map(([, rows]) => rows)).toEqual([['a'], ['b'], ['c1'], ['c1', 'x'], ['y']]);
    const cur = await current(script, [ctx]);
    expect(cur.default.map((s) => s.revision).sort()).toEqual(['c1', 'y']);
    // Downgrading c1's branch to b drops y too, since y depends on c1.
    after = [];
    await downgrade(script, [ctx], 'c1@b');
    expect(after.map(([s, rows]) => [s.split(',')[0], rows])).toEqual([
      ['downgrade y -> x', ['c1', 'x']],
      ['downgrade c1 -> b', ['b', 'x']],
    ]);
    expect(await userTables(engine)).toEqual(['t_a', 't_b', 't_x']);
  });

  it('takes relative and numeric targets as Flask-Alembic does', async () => {
    await upgrade(script, [ctx], 'a');
    await upgrade(script, [ctx], 1);
    expect(await versionRows(engine)).toEqual(['b']);
    await expect(upgrade(script, [ctx], '+1')).rejects.toThrow('Ambiguous walk');
    await upgrade(script, [ctx], 'c1');
    await downgrade(script, [ctx], 2);
    expect(await versionRows(engine)).toEqual(['a']);
    await downgrade(script, [ctx], '1');
    expect(await versionRows(engine)).toEqual([]);
    await expect(upgrade(script, [ctx], 'a:b')).rejects.toThrow('Range revision not allowed');
    await expect(downgrade(script, [ctx], 'b:a')).rejects.toThrow('Range revision not allowed');
    await expect(downgrade(script, [ctx], '-1', { sql: true })).rejects.toThrow(
      'downgrade with --sql requires <fromrev>:<torev>',
    );
  });

  it('without a callback writes the net row change once, with the same result', async () => {
    const plain = new MigrationContext({ engine });
    const expectRows = async (target: string, rows: string[], down = false) => {
      await (down ? downgrade : upgrade)(script, [plain], target);
      expect(await versionRows(engine)).toEqual(rows);
    };
    await expectRows('c2', ['c2']);
    await expectRows('x', ['c2', 'x']);
    await expectRows('heads', ['d', 'y']);
    await expectRows('c1@b', ['c2', 'x'], true);
    await expectRows('b', ['b', 'x'], true);
    await expectRows('base', [], true);
    expect(await userTables(engine)).toEqual([]);
  });

  it('a second run after the first plans nothing', async () => {
    await upgrade(script, [ctx], 'heads');
    expect(await versionRows(engine)).toEqual(['d', 'y']);
    after = [];
    const [again] = await upgrade(script, [ctx], 'heads');
    expect(again.steps).toEqual([]);
    expect(after).toEqual([]);
  });
});
