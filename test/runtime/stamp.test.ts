import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createEngine } from '../../src/dialects/index.js';
import { current, MigrationContext, needsUpgrade, stamp } from '../../src/runtime/index.js';
import { ScriptDirectory } from '../../src/script/index.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';
import { resetDatabase, versionRows, writeRevisions } from './helpers.js';

// a <- b <- {c1, c2} <- e (merge)
const graph = [
  { rev: 'a', down: null },
  { rev: 'b', down: 'a' },
  { rev: 'c1', down: 'b' },
  { rev: 'c2', down: 'b' },
  { rev: 'e', down: ['c1', 'c2'] },
];

describeEachDialect('stamp', (kind) => {
  let db: TestDatabase;
  let engine: any;
  let script: ScriptDirectory;
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
    ctx = new MigrationContext({ engine });
  });

  it('current does not create the version table', async () => {
    expect(await current(script, [ctx])).toEqual({ default: [] });
    expect(await versionRows(engine)).toBeNull();
    expect(await needsUpgrade(script, [ctx])).toBe(true);
    expect(await versionRows(engine)).toBeNull();
  });

  it('current names a version row that no revision file has', async () => {
    await engine.withConnection(async (conn: any) => {
      await ctx.versionTable.ensure(conn);
      await conn.execute("INSERT INTO alembic_version (version_num) VALUES ('gone1')");
    });
    await expect(current(script, [ctx])).rejects.toThrow("Can't locate revision identified by 'gone1'");
  });

  it('moves the rows as Alembic does, across branch and merge points', async () => {
    const steps: string[] = [];
    const c = new MigrationContext({ engine, logger: (l) => steps.push(l) });
    await stamp(script, [c], 'e');
    expect(await versionRows(engine)).toEqual(['e']);
    expect(steps).toEqual(['Running stamp_revision  -> e']);
    await stamp(script, [c], 'b');
    expect(await versionRows(engine)).toEqual(['b']);
    await stamp(script, [c], 'c2');
    expect(await versionRows(engine)).toEqual(['c2']);
    await stamp(script, [c], ['c1', 'c2']);
    expect(await versionRows(engine)).toEqual(['c1', 'c2']);
    const cur = await current(script, [c]);
    expect(cur.default.map((s) => s.revision).sort()).toEqual(['c1', 'c2']);
    await stamp(script, [c], 'e');
    expect(await versionRows(engine)).toEqual(['e']);
    expect(await needsUpgrade(script, [c])).toBe(false);
    await stamp(script, [c], 'base');
    expect(await versionRows(engine)).toEqual([]);
  });

  it('uses a configured version table name and schema', async () => {
    const schema = kind === 'sqlite' ? 'main' : kind === 'mysql' ? null : 'public';
    const c = new MigrationContext({ engine, versionTable: 'Retort Version', versionTableSchema: schema });
    expect(c.versionTable.createSql()).toContain('PRIMARY KEY (version_num)');
    await stamp(script, [c], 'b');
    const table = `${schema ? `${schema}.` : ''}${c.versionTable.qualifiedName.split('.').pop()}`;
    expect(await versionRows(engine, table)).toEqual(['b']);
    expect(await versionRows(engine)).toBeNull();
    expect(await c.getCurrentHeads()).toEqual(['b']);
    await stamp(script, [c], 'c1');
    expect(await versionRows(engine, table)).toEqual(['c1']);
  });

  it('purge deletes unknown rows first', async () => {
    await engine.withConnection(async (conn: any) => {
      await conn.execute(
        'CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))',
      );
      await conn.execute("INSERT INTO alembic_version (version_num) VALUES ('gone1')");
      await conn.execute("INSERT INTO alembic_version (version_num) VALUES ('gone2')");
    });
    await expect(stamp(script, [ctx], 'b')).rejects.toThrow(/gone/);
    await stamp(script, [ctx], 'b', { purge: true });
    expect(await versionRows(engine)).toEqual(['b']);
    await expect(stamp(script, [ctx], 'b', { purge: true, sql: true })).rejects.toThrow(
      "Can't use --purge with --sql mode",
    );
  });

  it('the one-row guard refuses an update or delete that does not match exactly one row', async () => {
    await stamp(script, [ctx], 'a');
    const vt = ctx.versionTable;
    await engine.withConnection(async (conn: any) => {
      await expect(vt.apply(conn, { kind: 'update', from: 'x', to: 'b' })).rejects.toThrow(
        "Online migration expected to match one row when updating 'x' to 'b' in 'alembic_version'; 0 found",
      );
      await expect(vt.apply(conn, { kind: 'delete', revision: 'x' })).rejects.toThrow(
        "Online migration expected to match one row when deleting 'x' in 'alembic_version'; 0 found",
      );
      await vt.apply(conn, { kind: 'update', from: 'a', to: 'b' });
    });
    expect(await versionRows(engine)).toEqual(['b']);
  });
});
