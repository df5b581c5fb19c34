import { afterEach, expect, it } from 'vitest';
import type { Retort } from '../../src/index.js';
import { makeProject, makeRetort, type TestProject } from './support.js';

// Port of Flask-Alembic tests/test_revisions.py.
let project: TestProject;
let retort: Retort;
afterEach(async () => {
  await retort?.close();
  project?.cleanup();
});

it('treats an integer string as a revision id before a relative count', async () => {
  project = makeProject();
  retort = makeRetort(project);
  await retort.initApp({});
  await retort.upgrade('1000');
  expect((await retort.current()).map((r) => r.revision)).toEqual(['1000']);
  await retort.upgrade('1');
  expect((await retort.current()).map((r) => r.revision)).toEqual(['1001']);
  await retort.downgrade('1000');
  expect((await retort.current()).map((r) => r.revision)).toEqual(['1000']);
  await retort.downgrade('-1');
  expect(await retort.current()).toEqual([]);
});

it('takes numbers as relative counts', async () => {
  project = makeProject();
  retort = makeRetort(project);
  const up = await retort.upgrade(2);
  expect(up.steps.default).toEqual(['upgrade  -> 1000, init', 'upgrade 1000 -> 1001, add text column']);
  const down = await retort.downgrade(-1);
  expect(down.steps.default).toEqual(['downgrade 1001 -> 1000, add text column']);
});
