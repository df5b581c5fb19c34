import { afterEach, expect, it } from 'vitest';
import { createCommand } from '../../src/cli/index.js';
import { Retort } from '../../src/index.js';
import { makeProject, type TestProject, todoMetadata } from './support.js';

// Port of Flask-Alembic tests/cli/test_check.py.
let project: TestProject;
let retort: Retort;
afterEach(async () => {
  await retort?.close();
  project?.cleanup();
  process.exitCode = 0;
});

function setup(): ReturnType<typeof todoMetadata> {
  project = makeProject();
  const metadata = todoMetadata();
  retort = new Retort({ root: project.root, engines: project.dbUrl, metadatas: metadata });
  return metadata;
}

const newTable = {
  name: 'new_table',
  columns: [{ name: 'id', type: 'integer', nullable: false, primaryKey: true }],
};

async function invoke(args: string[]): Promise<{ code: number; output: string }> {
  const out: string[] = [];
  const write = (t: string) => void out.push(t);
  process.exitCode = 0;
  await createCommand({ retort, streams: { stdout: { write }, stderr: { write } } }).parseAsync(args, {
    from: 'user',
  });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, output: out.join('') };
}

it('needs no revision when the database matches the metadata', async () => {
  setup();
  await retort.upgrade();
  expect(await retort.needsRevision()).toBe(false);
  expect(await retort.compareMetadata()).toEqual([]);
});

it('needs a revision when the metadata gained a table', async () => {
  const metadata = setup();
  await retort.upgrade();
  metadata.tables.push(newTable);
  expect(await retort.needsRevision()).toBe(true);
  expect((await retort.compareMetadata()).length).toBeGreaterThan(0);
});

it('check prints "No changes detected." and exits 0', async () => {
  setup();
  await retort.upgrade();
  const result = await invoke(['check']);
  expect(result.code).toBe(0);
  expect(result.output).toContain('No changes detected');
});

it('check prints "Changes detected." and exits 1', async () => {
  const metadata = setup();
  await retort.upgrade();
  metadata.tables.push(newTable);
  const result = await invoke(['check']);
  expect(result.code).toBe(1);
  expect(result.output).toContain('Changes detected');
});
