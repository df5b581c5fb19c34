import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterEach, describe, expect, it } from 'vitest';
import { Retort } from '../../src/index.js';
import { makeProject, type TestProject } from './support.js';

// Port of Flask-Alembic tests/test_fsa.py, Flask-SQLAlchemy mapped to Drizzle: a Drizzle database
// built with a schema gives both the connection and the tables.
const todo = sqliteTable('todo', { id: integer('id').primaryKey(), text: text('text') });
const book = sqliteTable('book', { id: integer('id').primaryKey() });
const user = sqliteTable('user', { id: integer('id').primaryKey() });

describe('Drizzle', () => {
  let project: TestProject;
  let retort: Retort | undefined;
  const clients: Database.Database[] = [];
  afterEach(async () => {
    await retort?.close();
    retort = undefined;
    for (const c of clients.splice(0)) c.close();
    project?.cleanup();
  });

  function database(path: string, schema: Record<string, unknown>) {
    const client = new Database(path);
    clients.push(client);
    return drizzle(client, { schema });
  }

  it("uses the database's connection and tables when none are passed", async () => {
    project = makeProject();
    retort = new Retort({ root: project.root, engines: database(project.dbPath, { todo }) });
    expect(await retort.migrationContext).toBeTruthy();
    await retort.upgrade();
    // The Drizzle schema is the metadata: the migrated database matches it.
    expect(await retort.needsRevision()).toBe(false);
  });

  it('sees a table missing from the database', async () => {
    project = makeProject();
    retort = new Retort({ root: project.root, engines: database(project.dbPath, { todo, book }) });
    await retort.upgrade();
    expect(await retort.needsRevision()).toBe(true);
  });

  it('needs an engine for every metadata name', async () => {
    project = makeProject();
    retort = new Retort({
      root: project.root,
      metadatas: { default: { todo }, missing: { user } },
      engines: database(project.dbPath, { todo }),
    });
    await expect(retort.migrationContext).rejects.toThrow('Missing engine config');
  });

  it('lets a passed engine override the Drizzle database', async () => {
    project = makeProject();
    const dbPath = join(project.root, 'default.sqlite');
    retort = new Retort({ root: project.root, metadatas: { todo }, engines: `sqlite:${dbPath}` });
    const ctx = await retort.migrationContext;
    expect((ctx.engine as any).displayUrl).toContain(dbPath);
  });
});
