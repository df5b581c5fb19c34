import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { Retort } from '../../src/index.js';
import { makeProject, type TestProject } from './support.js';

// Several databases (Flask-Alembic's multidb): one template, one version table per database,
// every transaction opened before any step runs.
let project: TestProject;
let retort: Retort;
afterEach(async () => {
  await retort?.close();
  project?.cleanup();
});

const table = (name: string) => ({
  name,
  columns: [{ name: 'id', type: 'integer', nullable: false, primaryKey: true }],
});

function setup(): {
  main: string;
  audit: string;
  metadata: { main: { tables: any[] }; audit: { tables: any[] } };
} {
  project = makeProject({ migrations: false });
  const main = join(project.root, 'main.sqlite');
  const audit = join(project.root, 'audit.sqlite');
  const metadata = { main: { tables: [table('users')] }, audit: { tables: [table('events')] } };
  retort = new Retort({
    root: project.root,
    metadatas: metadata,
    engines: { main: `sqlite:${main}`, audit: `sqlite:${audit}` },
  });
  return { main, audit, metadata };
}

function tables(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r: any) => r.name);
  } finally {
    db.close();
  }
}

it('autogenerates one function per database and migrates both', async () => {
  const { main, audit } = setup();
  await retort.initApp({});
  expect(readFileSync(join(project.root, 'migrations', 'script.ts.tmpl'), 'utf8')).toContain(
    'upgrades[database]',
  );
  expect(retort.databaseNames).toEqual(['main', 'audit']);
  const [rev] = await retort.revision('init', { revId: '1000' });
  const text = readFileSync(rev.path, 'utf8');
  expect(text).toContain('upgradeMain');
  expect(text).toContain('upgradeAudit');
  const result = await retort.upgrade();
  expect(result.steps).toEqual({ main: ['upgrade  -> 1000, init'], audit: ['upgrade  -> 1000, init'] });
  expect(tables(main)).toEqual(['alembic_version', 'alembic_version_checksums', 'users']);
  expect(tables(audit)).toEqual(['alembic_version', 'alembic_version_checksums', 'events']);
  const current = await retort.currentByDatabase();
  expect(Object.fromEntries(Object.entries(current).map(([k, v]) => [k, v.map((r) => r.revision)]))).toEqual({
    main: ['1000'],
    audit: ['1000'],
  });
  expect(await retort.needsRevision()).toBe(false);
  expect(await retort.needsUpgrade()).toBe(false);
});

it('rolls every database back when one fails', async () => {
  const { main, audit } = setup();
  await retort.mkdir();
  const [rev] = await retort.revision('init', { revId: '1000' });
  await retort.upgrade();
  // A second revision that works on main and fails on audit.
  const [bad] = await retort.revision('bad', { empty: true, revId: '1001' });
  const text = readFileSync(bad.path, 'utf8')
    .replace(
      /async function upgradeMain\(op: Operations\): Promise<void> \{\n[^}]*\}/,
      "async function upgradeMain(op: Operations): Promise<void> {\n  await op.execute('CREATE TABLE more (id INTEGER)');\n}",
    )
    .replace(
      /async function upgradeAudit\(op: Operations\): Promise<void> \{\n[^}]*\}/,
      "async function upgradeAudit(op: Operations): Promise<void> {\n  await op.execute('THIS IS NOT SQL');\n}",
    );
  const { writeFileSync } = await import('node:fs');
  writeFileSync(bad.path, text);
  expect(rev.revision).toBe('1000');
  await expect(retort.upgrade()).rejects.toThrow(/1001/);
  expect(tables(main)).toEqual(['alembic_version', 'alembic_version_checksums', 'users']);
  expect(tables(audit)).toEqual(['alembic_version', 'alembic_version_checksums', 'events']);
  expect((await retort.current('main')).map((r) => r.revision)).toEqual(['1000']);
});
