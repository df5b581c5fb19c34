import { afterEach, describe, expect, it } from 'vitest';
import { Retort } from '../../src/index.js';
import { makeProject, type TestProject, todoMetadata } from './support.js';

// Port of Flask-Alembic tests/test_plain_sa.py: plain engines (URLs) and plain metadata.
describe('plain engines and metadata', () => {
  let project: TestProject;
  let retort: Retort | undefined;
  const savedUrl = process.env.DATABASE_URL;
  afterEach(async () => {
    await retort?.close();
    retort = undefined;
    project?.cleanup();
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
  });

  it('requires metadata for autogenerate (only)', async () => {
    project = makeProject();
    retort = new Retort({ root: project.root, engines: project.dbUrl });
    // Running migrations needs no metadata...
    await retort.upgrade();
    expect(await retort.migrationContext).toBeTruthy();
    // ...autogenerate does.
    await expect(retort.compareMetadata()).rejects.toThrow("pass 'metadatas' when creating Retort");
  });

  it('requires an engine (or DATABASE_URL)', async () => {
    project = makeProject();
    delete process.env.DATABASE_URL;
    retort = new Retort({ root: project.root, metadatas: todoMetadata() });
    await expect(retort.migrationContext).rejects.toThrow('No database configured');
  });

  it('uses DATABASE_URL when no engine is given', async () => {
    project = makeProject();
    process.env.DATABASE_URL = project.dbUrl;
    retort = new Retort({ root: project.root, metadatas: todoMetadata() });
    await retort.upgrade();
    expect((await retort.current()).map((r) => r.revision)).toEqual(['1001']);
  });

  it('creates one migration context per database', async () => {
    project = makeProject({ migrations: false });
    retort = new Retort({
      root: project.root,
      metadatas: { default: todoMetadata(), other: { tables: [] } },
      engines: { default: 'sqlite::memory:', other: 'sqlite::memory:' },
    });
    const contexts = await retort.migrationContexts;
    expect(Object.keys(contexts)).toEqual(['default', 'other']);
    expect((await retort.migrationContext).databaseName).toBe('default');
  });

  it('reports a missing engine', async () => {
    project = makeProject();
    retort = new Retort({
      root: project.root,
      metadatas: { default: todoMetadata(), other: { tables: [] } },
      engines: 'sqlite::memory:',
    });
    await expect(retort.migrationContext).rejects.toThrow("Missing engine config for 'other'.");
  });

  it('reports several missing engines', async () => {
    project = makeProject();
    retort = new Retort({
      root: project.root,
      metadatas: { a: { tables: [] }, b: { tables: [] } },
      engines: { c: 'sqlite::memory:' },
    });
    await expect(retort.migrationContext).rejects.toThrow("Missing engine configs for 'a', 'b'.");
  });
});

describe('context options and live operations', () => {
  let project: TestProject;
  let retort: Retort | undefined;
  afterEach(async () => {
    await retort?.close();
    retort = undefined;
    project?.cleanup();
  });

  it('uses the configured version table', async () => {
    project = makeProject();
    retort = new Retort({
      root: project.root,
      engines: project.dbUrl,
      context: { versionTable: 'my_versions', transactionPerMigration: true, lockTimeout: 5_000 },
    });
    expect(retort.contextOptions).toMatchObject({
      compareType: true,
      compareServerDefault: true,
      versionTable: 'my_versions',
    });
    await retort.upgrade();
    const ctx = await retort.migrationContext;
    expect(ctx.transactionPerMigration).toBe(true);
    expect(ctx.lock.timeoutMs).toBe(5_000);
    const op = await retort.op;
    await op.execute("INSERT INTO todo (id, text) VALUES (1, 'x')");
    const engine = (await retort.getEngines()).get('default')!;
    const rows: { rows: unknown[] } = await engine.withConnection((conn) =>
      conn.execute('SELECT version_num FROM my_versions'),
    );
    expect(rows.rows).toEqual([{ version_num: '1001' }]);
  });

  it('runs operations on the live database outside any revision', async () => {
    project = makeProject();
    retort = new Retort({ root: project.root, engines: project.dbUrl, metadatas: todoMetadata() });
    await retort.upgrade();
    const op = await retort.op;
    await op.dropColumn('todo', 'text');
    // As Flask-Alembic's docs say: the column just dropped comes back in the next revision.
    const diffs = await retort.compareMetadata();
    expect(JSON.stringify(diffs)).toContain('add_column');
    expect(Object.keys(await retort.ops)).toEqual(['default']);
  });
});
