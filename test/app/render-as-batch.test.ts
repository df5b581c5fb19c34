import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Retort } from '../../src/index.js';
import { makeProject, makeRetort, type TestProject, todoMetadata } from './support.js';

describe('context.renderAsBatch', () => {
  let project: TestProject;
  const open: Retort[] = [];
  afterEach(async () => {
    for (const r of open.splice(0)) await r.close();
    project?.cleanup();
  });

  it('writes table changes inside op.batchAlterTable, which SQLite then applies', async () => {
    project = makeProject();
    const first = makeRetort(project);
    open.push(first);
    await first.upgrade();

    const tightened = todoMetadata();
    tightened.tables[0].columns[1] = { name: 'text', type: 'text', nullable: false };
    const batched = makeRetort(project, { metadatas: tightened, context: { renderAsBatch: true } });
    open.push(batched);
    const [script] = await batched.revision('text is required');
    const source = readFileSync(script.path, 'utf8');
    expect(source).toContain("op.batchAlterTable('todo'");
    expect(source).not.toMatch(/^\s*await op\.alterColumn\(/m);

    await batched.upgrade();
    expect(await batched.needsRevision()).toBe(false);
  });
});
