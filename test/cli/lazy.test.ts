import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeCliProject, runCli } from './helpers.js';

// Listing commands read revision headers as text: they must import no revision file, no
// database driver, no tsx and no autogenerate code. A module resolve hook records every
// module the process loads.
let project: { root: string; cleanup(): void };
const HEAVY =
  /kysely|better-sqlite3|\/pg\/|mysql2|pglite|tsx|drizzle|\/autogenerate\/|\/dialects\/|\/runtime\/|\/operations\//;

beforeAll(() => {
  const bomb = (rev: string, down: string | null) => `/**
 * ${rev}
 */
throw new Error('revision module ${rev} was imported');

export const revision = '${rev}';
export const downRevision: string | readonly string[] | null = ${down ? `'${down}'` : 'null'};
export const branchLabels: readonly string[] = ${down ? '[]' : "['default']"};
export const dependsOn: readonly string[] = [];
export async function upgrade(): Promise<void> {}
export async function downgrade(): Promise<void> {}
`;
  project = makeCliProject({
    'migrations/1000_a.ts': bomb('1000', null),
    'migrations/1001_b.ts': bomb('1001', '1000'),
    'migrations/1002_c.ts': bomb('1002', '1000'),
    'hooks.mjs': `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.LOAD_LOG, result.url + '\\n');
  return result;
}
`,
    'register.mjs': `import { register } from 'node:module';
register('./hooks.mjs', import.meta.url);
`,
  });
});
afterAll(() => project.cleanup());

it.each([
  ['heads'],
  ['log'],
  ['log', '-v'],
  ['show', 'heads'],
  ['branches'],
  ['heads', '--json'],
  ['--help'],
])('`retort %s` loads nothing heavy', async (...args) => {
  const log = join(project.root, `load-${args.join('-')}.log`);
  writeFileSync(log, '');
  const r = await runCli(project.root, ['--migrations', 'migrations', ...args], {
    NODE_OPTIONS: `--import ${join(project.root, 'register.mjs')}`,
    LOAD_LOG: log,
    DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
  });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  expect(loaded.some((u) => u.includes('/dist/cli/'))).toBe(true);
  expect(loaded.filter((u) => HEAVY.test(u) || u.includes('/migrations/'))).toEqual([]);
});
