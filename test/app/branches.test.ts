import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Retort } from '../../src/index.js';
import { makeProject, type TestProject } from './support.js';

// Flask-Alembic's branch logic in `revision` (extension.py), through the API.
let project: TestProject;
let retort: Retort;
afterEach(async () => {
  await retort?.close();
  project?.cleanup();
});

function setup(): void {
  project = makeProject({ migrations: false });
  retort = new Retort({
    root: project.root,
    engines: project.dbUrl,
    config: { versionLocations: [['users', 'users/migrations'], 'extra'] },
  });
}

it('mkdir creates every version location', async () => {
  setup();
  await retort.initApp({});
  expect(existsSync(join(project.root, 'migrations', 'script.ts.tmpl'))).toBe(true);
  expect(existsSync(join(project.root, 'users', 'migrations'))).toBe(true);
  expect(existsSync(join(project.root, 'extra'))).toBe(true);
});

it('starts the default branch from base with the label default', async () => {
  setup();
  await retort.mkdir();
  const [first] = await retort.revision('init', { empty: true, revId: '1000' });
  expect(first.revision).toBe('1000');
  expect(first.downRevisions).toEqual([]);
  expect([...first.branchLabels]).toEqual(['default']);
  expect(dirname(first.path)).toBe(join(project.root, 'migrations'));
  const [second] = await retort.revision('second', { empty: true, revId: '1001' });
  expect(second.downRevisions).toEqual(['1000']);
  expect(second.declaredBranchLabels).toEqual([]);
});

it("starts a new branch from base in the branch's version location, then extends it", async () => {
  setup();
  await retort.mkdir();
  await retort.revision('init', { empty: true, revId: '1000' });
  const [users] = await retort.revision('create users', { empty: true, branch: 'users', revId: '1001' });
  expect(users.downRevisions).toEqual([]);
  expect(users.declaredBranchLabels).toEqual(['users']);
  expect(dirname(users.path)).toBe(join(project.root, 'users', 'migrations'));
  const [more] = await retort.revision('more users', { empty: true, branch: 'users', revId: '1002' });
  expect(more.downRevisions).toEqual(['1001']);
  expect(dirname(more.path)).toBe(join(project.root, 'users', 'migrations'));
  expect((await retort.heads()).map((r) => r.revision)).toEqual(['1000', '1002']);
  // The default branch still extends its own head.
  const [next] = await retort.revision('default again', { empty: true, revId: '1003' });
  expect(next.downRevisions).toEqual(['1000']);
});

it('takes labels, dependencies and a parent with splice', async () => {
  setup();
  await retort.mkdir();
  await retort.revision('init', { empty: true, revId: '1000' });
  await retort.revision('second', { empty: true, revId: '1001' });
  const [dep] = await retort.revision('dep', { empty: true, branch: 'users', revId: '1002', depend: '1000' });
  expect(dep.dependsOn).toEqual(['1000']);
  await expect(retort.revision('no splice', { empty: true, parent: '1000', revId: '1003' })).rejects.toThrow(
    'Revision 1000 is not a head revision; please specify --splice to create a new branch from this revision',
  );
  const [spliced] = await retort.revision('spliced', {
    empty: true,
    parent: '1000',
    splice: true,
    label: 'side',
    revId: '1004',
  });
  expect(spliced.downRevisions).toEqual(['1000']);
  expect(spliced.declaredBranchLabels).toEqual(['side']);
  expect((await retort.branches()).map((r) => r.revision)).toEqual(['1000']);
});

it('merges the heads with the message "merge heads"', async () => {
  setup();
  await retort.mkdir();
  await retort.revision('init', { empty: true, revId: '1000' });
  await retort.revision('x', { empty: true, branch: 'users', revId: '1001' });
  const merged = await retort.merge(undefined, { revId: '1002' });
  expect(merged.doc).toBe('merge heads');
  expect(merged.downRevisions).toEqual(['1000', '1001']);
  expect(merged.isMergePoint).toBe(true);
  expect(readFileSync(merged.path, 'utf8')).toContain('Revises: 1000, 1001');
  const named = await retort.merge(['1002'], { message: 'just one', label: 'tip', revId: '1003' });
  expect(named.doc).toBe('just one');
  expect(named.declaredBranchLabels).toEqual(['tip']);
});

it('refuses to autogenerate while the database is behind', async () => {
  setup();
  retort = new Retort({
    root: project.root,
    engines: project.dbUrl,
    metadatas: { tables: [] },
  });
  await retort.mkdir();
  await retort.revision('init', { empty: true, revId: '1000' });
  await expect(retort.revision('auto')).rejects.toThrow('Target database is not up to date.');
  await retort.upgrade();
  const [auto] = await retort.revision('auto', { revId: '1001' });
  expect(auto.downRevisions).toEqual(['1000']);
});

it('lists log ranges, current and show', async () => {
  setup();
  await retort.mkdir();
  await retort.revision('init', { empty: true, revId: '1000' });
  await retort.revision('second', { empty: true, revId: '1001' });
  await retort.revision('third', { empty: true, revId: '1002' });
  expect((await retort.log()).map((r) => r.revision)).toEqual(['1002', '1001', '1000']);
  expect((await retort.log('1001', 'heads')).map((r) => r.revision)).toEqual(['1002', '1001']);
  await retort.upgrade('1001');
  expect((await retort.log('base', 'current')).map((r) => r.revision)).toEqual(['1001', '1000']);
  expect((await retort.show('default@head')).map((r) => r.revision)).toEqual(['1002']);
  await retort.stamp('1000');
  expect((await retort.current()).map((r) => r.revision)).toEqual(['1000']);
  const sql = await retort.upgrade('1000:1002', { sql: true });
  expect(sql.sql?.default).toContain('alembic_version');
  expect((await retort.current()).map((r) => r.revision)).toEqual(['1000']);
});

it('the branches command prints each branch point and its children', async () => {
  setup();
  await retort.mkdir();
  await retort.revision('init', { empty: true, revId: '1000' });
  await retort.revision('left', { empty: true, revId: '1001' });
  await retort.revision('right', { empty: true, parent: '1000', splice: true, revId: '1002' });
  const out: string[] = [];
  const write = (t: string) => void out.push(t);
  const { createCommand } = await import('../../src/cli/index.js');
  await createCommand({ retort, streams: { stdout: { write }, stderr: { write } } }).parseAsync(
    ['branches'],
    {
      from: 'user',
    },
  );
  expect(out.join('')).toBe(
    '<base> -> 1000 (default) (branchpoint), init\n' +
      '    -> 1000 -> 1001 (default) (head), left\n' +
      '    -> 1000 -> 1002 (default) (head), right\n',
  );
});
