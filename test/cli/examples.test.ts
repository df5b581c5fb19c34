import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { repoRoot, runCli } from './helpers.js';

// The committed multi-database example through the built binary, on throwaway database files.
const dir = mkdtempSync(join(process.env.RETORT_TEST_TMPDIR ?? tmpdir(), 'retort-multi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('examples/multi-db upgrades both databases and its named branch', async () => {
  const cwd = join(repoRoot, 'examples', 'multi-db');
  const env = {
    MAIN_DB: `sqlite:${join(dir, 'main.sqlite')}`,
    AUDIT_DB: `sqlite:${join(dir, 'audit.sqlite')}`,
  };
  const heads = await runCli(cwd, ['heads'], env);
  expect(heads.stdout).toBe(
    '<base> -> 1763942400 (default) (head), init\n<base> -> 1763942500 (reports) (head), reports table\n',
  );
  const up = await runCli(cwd, ['upgrade'], env);
  expect(up.code).toBe(0);
  expect(up.stderr.match(/^Running upgrade {2}-> 1763942400, init$/gm)?.length).toBe(2);
  expect(up.stderr.match(/^Running upgrade {2}-> 1763942500, reports table$/gm)?.length).toBe(2);
  const current = JSON.parse((await runCli(cwd, ['current', '--json'], env)).stdout);
  expect(Object.keys(current)).toEqual(['main', 'audit']);
  expect(current.audit.map((r: any) => r.revision).sort()).toEqual(['1763942400', '1763942500']);
  expect(await runCli(cwd, ['check'], env)).toMatchObject({ code: 0, stdout: 'No changes detected.\n' });
  const down = await runCli(cwd, ['downgrade', 'reports@base'], env);
  expect(down.stderr.match(/Running downgrade 1763942500 -> , reports table/g)?.length).toBe(2);
  expect((await runCli(cwd, ['current', '--check-heads'], env)).code).toBe(1);
});
