import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { Retort } from '../../src/index.js';
import { makeProject, type TestProject, todoMetadata } from './support.js';

// Port of Flask-Alembic tests/test_fsa_lite.py, Flask-SQLAlchemy-Lite mapped to Kysely: Kysely
// gives engines but no table metadata.
describe('Kysely', () => {
  let project: TestProject;
  let retort: Retort | undefined;
  const dbs: Kysely<any>[] = [];
  const savedUrl = process.env.DATABASE_URL;
  afterEach(async () => {
    await retort?.close();
    retort = undefined;
    for (const db of dbs.splice(0)) await db.destroy();
    project?.cleanup();
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
  });

  function kysely(path: string): Kysely<any> {
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(path) }) });
    dbs.push(db);
    return db;
  }

  it('requires metadata for autogenerate', async () => {
    project = makeProject();
    retort = new Retort({ root: project.root, engines: kysely(project.dbPath) });
    await expect(retort.needsRevision()).rejects.toThrow("pass 'metadatas' when creating Retort");
  });

  it('uses the Kysely instance as the engine', async () => {
    project = makeProject();
    const db = kysely(project.dbPath);
    retort = new Retort({ root: project.root, metadatas: todoMetadata(), engines: db });
    expect(await retort.migrationContext).toBeTruthy();
    await retort.upgrade();
    const tables = await db.introspection.getTables();
    expect(tables.map((t) => t.name).sort()).toEqual([
      'alembic_version',
      'alembic_version_checksums',
      'todo',
    ]);
    expect(await retort.needsRevision()).toBe(false);
    // Retort leaves the app's own Kysely open.
    await retort.close();
    expect((await db.selectFrom('todo').selectAll().execute()).length).toBe(0);
  });

  it('requires an engine', async () => {
    project = makeProject();
    delete process.env.DATABASE_URL;
    retort = new Retort({ root: project.root, metadatas: todoMetadata() });
    await expect(retort.migrationContext).rejects.toThrow('No database configured');
  });

  it('needs an engine for every metadata name', async () => {
    project = makeProject();
    retort = new Retort({
      root: project.root,
      metadatas: { default: todoMetadata(), missing: { tables: [] } },
      engines: kysely(project.dbPath),
    });
    await expect(retort.migrationContext).rejects.toThrow('Missing engine config');
  });

  it('lets a passed URL engine stand in', async () => {
    project = makeProject();
    const dbPath = join(project.root, 'default.sqlite');
    retort = new Retort({ root: project.root, metadatas: todoMetadata(), engines: `sqlite:${dbPath}` });
    const ctx = await retort.migrationContext;
    expect((ctx.engine as any).displayUrl).toContain(dbPath);
  });
});
