import { afterEach, expect, it } from 'vitest';
import { createCommand } from '../../src/cli/index.js';
import type { Retort } from '../../src/index.js';
import { makeProject, makeRetort, type TestProject } from './support.js';

// Port of Flask-Alembic tests/cli/test_current.py.
let project: TestProject;
let retort: Retort;
afterEach(async () => {
  await retort?.close();
  project?.cleanup();
  process.exitCode = 0;
});

async function invoke(args: string[]): Promise<{ code: number; output: string }> {
  const out: string[] = [];
  const write = (t: string) => void out.push(t);
  process.exitCode = 0;
  const cmd = createCommand({ retort, streams: { stdout: { write }, stderr: { write } } });
  await cmd.parseAsync(args, { from: 'user' });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, output: out.join('') };
}

it('does not need an upgrade at head', async () => {
  project = makeProject();
  retort = makeRetort(project);
  await retort.upgrade();
  expect(await retort.needsUpgrade()).toBe(false);
});

it('needs an upgrade when not at head', async () => {
  project = makeProject();
  retort = makeRetort(project);
  await retort.upgrade(1);
  expect(await retort.needsUpgrade()).toBe(true);
});

it('check-heads exits 0 at head', async () => {
  project = makeProject();
  retort = makeRetort(project);
  await retort.upgrade();
  const result = await invoke(['current', '--check-heads']);
  expect(result.code).toBe(0);
  expect(result.output).toBe('1000 -> 1001 (default) (head), add text column\n');
});

it('check-heads exits 1 when not at head', async () => {
  project = makeProject();
  retort = makeRetort(project);
  await retort.upgrade(1);
  const result = await invoke(['current', '--check-heads']);
  expect(result.code).toBe(1);
  expect(result.output).toContain('Database is not on all head revisions');
});
