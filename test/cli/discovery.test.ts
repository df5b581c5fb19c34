import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCliProject, runCli } from './helpers.js';

const revisionFile = (rev: string, down: string | null, message: string) => `/**
 * ${message}
 *
 * Revision ID: ${rev}
 * Revises: ${down ?? ''}
 * Create Date: 2026-11-24 00:00:00.000000
 */
import type { Operations } from 'retort';

export const revision = '${rev}';
export const downRevision: string | readonly string[] | null = ${down ? `'${down}'` : 'null'};
export const branchLabels: readonly string[] = ${down ? '[]' : "['default']"};
export const dependsOn: readonly string[] = [];

export async function upgrade(op: Operations): Promise<void> {
  await op.execute('CREATE TABLE t${rev} (id INTEGER PRIMARY KEY)');
}

export async function downgrade(op: Operations): Promise<void> {
  await op.execute('DROP TABLE t${rev}');
}
`;

function withMigrations(root: string, dir = 'migrations'): void {
  mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, dir, '1000_init.ts'), revisionFile('1000', null, 'init'));
  writeFileSync(join(root, dir, '1001_second.ts'), revisionFile('1001', '1000', 'second'));
}

const HEAD = '1000 -> 1001 (default) (head), second\n';

describe('finding the app', () => {
  let project: { root: string; cleanup(): void } | undefined;
  afterEach(() => project?.cleanup());

  it('loads retort.config.ts through tsx, an async factory as the default export', async () => {
    project = makeCliProject({
      'retort.config.ts': `import { Retort } from 'retort';
export default async function create(): Promise<Retort> {
  return new Retort({ engines: 'sqlite:app.sqlite' });
}
`,
    });
    withMigrations(project.root);
    const up = await runCli(project.root, ['upgrade']);
    expect(up.stderr).toContain('Running upgrade 1000 -> 1001, second');
    expect(up.code).toBe(0);
    expect((await runCli(project.root, ['current'])).stdout).toBe(HEAD);
  });

  it('gives a TypeScript config import.meta.url, and reports its own error without loading it twice', async () => {
    project = makeCliProject({
      'retort.config.ts': `import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Retort } from 'retort';
const root: string = fileURLToPath(new URL('.', import.meta.url));
appendFileSync(root + 'loads.log', 'loaded\\n');
if (process.env.BREAK_CONFIG) throw new Error('config is broken');
export const retort = new Retort({ root, engines: 'sqlite:app.sqlite' });
`,
    });
    withMigrations(project.root);
    expect(await runCli(project.root, ['heads'])).toMatchObject({ code: 0, stdout: HEAD });
    const broken = await runCli(project.root, ['heads'], { BREAK_CONFIG: '1' });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('config is broken');
    expect(readFileSync(join(project.root, 'loads.log'), 'utf8')).toBe('loaded\nloaded\n');
  });

  it('finds an Express app in src/app.ts on which initApp ran', async () => {
    project = makeCliProject({
      'src/app.ts': `import express from 'express';
import { Retort } from 'retort';
export const app = express();
const retort = new Retort({ engines: 'sqlite:app.sqlite', config: { scriptLocation: 'db/migrations' } });
await retort.initApp(app);
`,
    });
    withMigrations(project.root, 'db/migrations');
    const r = await runCli(project.root, ['heads']);
    expect(r).toMatchObject({ code: 0, stdout: HEAD });
  });

  it('takes --app PATH:EXPORT and RETORT_APP', async () => {
    project = makeCliProject({
      'lib/setup.mjs': `import { Retort } from 'retort';
export const one = new Retort({ engines: 'sqlite:one.sqlite', config: { scriptLocation: 'migrations' } });
export const two = () => new Retort({ engines: 'sqlite:two.sqlite', config: { scriptLocation: 'elsewhere' } });
`,
    });
    withMigrations(project.root);
    expect((await runCli(project.root, ['--app', 'lib/setup.mjs:one', 'heads'])).stdout).toBe(HEAD);
    expect((await runCli(project.root, ['--app', 'lib/setup.mjs:two', 'heads'])).stdout).toBe('');
    expect((await runCli(project.root, ['heads'], { RETORT_APP: 'lib/setup:one' })).stdout).toBe(HEAD);
    const missing = await runCli(project.root, ['--app', 'lib/setup.mjs:three', 'heads']);
    expect(missing).toMatchObject({
      code: 1,
      stderr: "Error: 'lib/setup.mjs' has no export named 'three'.\n",
    });
  });

  it('reports an export that is not a Retort', async () => {
    project = makeCliProject({ 'app.mjs': 'export default { hello: 1 };\n' });
    const r = await runCli(project.root, ['heads']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: Export 'default' of '.*app\.mjs' is not a Retort/);
  });

  it('reports a missing app file', async () => {
    project = makeCliProject();
    const r = await runCli(project.root, ['--app', 'nope.ts', 'heads']);
    expect(r).toMatchObject({ code: 1, stderr: "Error: Could not find the app file 'nope.ts'.\n" });
  });

  it('runs on flags alone: --migrations and --url or DATABASE_URL', async () => {
    project = makeCliProject();
    withMigrations(project.root, 'revs');
    expect((await runCli(project.root, ['--migrations', 'revs', 'heads'])).stdout).toBe(HEAD);
    const up = await runCli(project.root, [
      '--migrations',
      'revs',
      '--url',
      'sqlite:flags.sqlite',
      'upgrade',
      '1000',
    ]);
    expect(up.stderr).toContain('Running upgrade  -> 1000, init');
    const cur = await runCli(project.root, ['--migrations', 'revs', 'current'], {
      DATABASE_URL: 'sqlite:flags.sqlite',
    });
    expect(cur.stdout).toBe('<base> -> 1000 (default), init\n');
    const none = await runCli(project.root, ['--migrations', 'revs', 'current'], { DATABASE_URL: undefined });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No database configured');
  });
});
