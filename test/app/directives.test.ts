import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Retort, type RevisionDirective, registerWriteHook } from '../../src/index.js';
import { makeProject, type TestProject, todoMetadata } from './support.js';

let project: TestProject;
let retort: Retort;
afterEach(async () => {
  await retort?.close();
  project?.cleanup();
});

it('processRevisionDirectives may edit a revision or discard it', async () => {
  project = makeProject({ migrations: false });
  const seen: RevisionDirective[][] = [];
  let discard = false;
  retort = new Retort({
    root: project.root,
    engines: project.dbUrl,
    metadatas: todoMetadata(),
    context: {
      processRevisionDirectives: (directives: RevisionDirective[]) => {
        seen.push(directives.map((d) => ({ ...d })));
        if (discard) directives.length = 0;
        else directives[0].message = `${directives[0].message} (checked)`;
      },
    },
  });
  await retort.mkdir();
  const [created] = await retort.revision('init', { revId: '1000' });
  expect(created.doc).toBe('init (checked)');
  expect(seen[0][0].upgradeOps?.default.length).toBeGreaterThan(0);
  await retort.upgrade();
  // Nothing changed: Flask-Alembic still writes an empty revision unless the hook discards it.
  discard = true;
  expect(await retort.revision('nothing', { revId: '1001' })).toEqual([]);
  expect(seen[1][0].upgradeOps?.default).toEqual([]);
  expect(readdirSync(join(project.root, 'migrations')).filter((f) => f.endsWith('.ts'))).toEqual([
    '1000_init_checked.ts',
  ]);
});

it('runs post-write hooks and honours fileTemplate and truncateSlugLength', async () => {
  project = makeProject({ migrations: false });
  registerWriteHook('retort-test-mark', (path) => {
    appendFileSync(path, '// marked by hook\n');
  });
  retort = new Retort({
    root: project.root,
    engines: project.dbUrl,
    config: {
      fileTemplate: 'r%(rev)s-%(slug)s',
      truncateSlugLength: 10,
      postWriteHooks: [{ name: 'mark', type: 'retort-test-mark' }],
    },
  });
  await retort.mkdir();
  const [created] = await retort.revision('a rather long message here', { empty: true, revId: '1000' });
  // Alembic truncates slugs at a word boundary and ends them with '_'.
  expect(created.path).toBe(join(project.root, 'migrations', 'r1000-a_rather_.ts'));
  expect(existsSync(created.path)).toBe(true);
  expect(readFileSync(created.path, 'utf8')).toContain('// marked by hook');
});
