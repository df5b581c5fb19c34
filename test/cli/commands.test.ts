import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig, makeCliProject, runCli } from './helpers.js';

// Every command of the built binary on a temporary project, in the order of the Flask-Alembic
// transcript (shared/reference/flask-alembic-transcript.md).
describe('retort command line, end to end', () => {
  let project: { root: string; cleanup(): void };
  let root: string;
  const run = (args: string[], env: Record<string, string | undefined> = {}) => runCli(root, args, env);
  const mig = (name: string) => join(root, 'migrations', name);

  beforeAll(() => {
    project = makeCliProject({ 'retort.config.mjs': demoConfig });
    root = project.root;
  });
  afterAll(() => project.cleanup());

  it('prints help with every command', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Perform database migrations.');
    for (const cmd of [
      'branches',
      'check',
      'current',
      'downgrade',
      'graph',
      'heads',
      'log',
      'merge',
      'mkdir',
    ]) {
      expect(r.stdout).toContain(cmd);
    }
    const rev = await run(['revision', '--help']);
    expect(rev.code).toBe(0);
    expect(rev.stdout).toContain('Use this independent branch name.');
    expect(rev.stdout).toContain('Allow non-head parent revision.');
  });

  it('mkdir creates the folder and template', async () => {
    const r = await run(['mkdir']);
    expect(r.code).toBe(0);
    expect(existsSync(mig('script.ts.tmpl'))).toBe(true);
  });

  it('current and heads print nothing on an empty project', async () => {
    expect(await run(['current'])).toMatchObject({ code: 0, stdout: '' });
    expect(await run(['heads'])).toMatchObject({ code: 0, stdout: '' });
  });

  it('revision autogenerates the first revision', async () => {
    const r = await run(['revision', 'init', '--rev-id', '1000']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Generating ${mig('1000_init.ts')} ...  done\n`);
    const text = readFileSync(mig('1000_init.ts'), 'utf8');
    expect(text).toContain("export const revision = '1000';");
    expect(text).toContain("['default']");
    expect(text).toContain('createTable');
  });

  it('check fails while the database is behind the metadata', async () => {
    const r = await run(['check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('Changes detected.\n');
  });

  it('upgrade runs the revision and logs to stderr', async () => {
    const r = await run(['upgrade']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Running upgrade  -> 1000, init');
  });

  it('current shows the revision; -v the block', async () => {
    expect((await run(['current'])).stdout).toBe('<base> -> 1000 (default) (head), init\n');
    const v = await run(['current', '-v']);
    expect(v.stdout).toMatch(
      /^Rev: 1000 \(head\)\nParent: <base>\nBranch names: default\nPath: .*1000_init\.ts\n\n {4}init\n/,
    );
    expect(v.stdout.endsWith('\n\n')).toBe(true);
  });

  it('check passes once upgraded', async () => {
    expect(await run(['check'])).toMatchObject({ code: 0, stdout: 'No changes detected.\n' });
  });

  it('check and revision see a new column', async () => {
    expect((await run(['check'], { EXTRA: '1' })).code).toBe(1);
    const r = await run(['revision', 'add email', '--rev-id', '1001'], { EXTRA: '1' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Generating ${mig('1001_add_email.ts')} ...  done\n`);
    const up = await run(['upgrade'], { EXTRA: '1' });
    expect(up.stderr).toContain('Running upgrade 1000 -> 1001, add email');
    expect((await run(['check'], { EXTRA: '1' })).code).toBe(0);
  });

  it('log lists newest first; history is an alias', async () => {
    const expected = '1000 -> 1001 (default) (head), add email\n<base> -> 1000 (default), init\n';
    expect((await run(['log'])).stdout).toBe(expected);
    expect((await run(['history'])).stdout).toBe(expected);
    const v = await run(['log', '-v']);
    expect(v.stdout.match(/^Rev: /gm)?.length).toBe(2);
  });

  it('downgrade goes one step down by default; check-heads then fails', async () => {
    const r = await run(['downgrade']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Running downgrade 1001 -> 1000, add email');
    expect((await run(['current'])).stdout).toBe('<base> -> 1000 (default), init\n');
    const check = await run(['current', '--check-heads']);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe('Database is not on all head revisions\n');
  });

  it('downgrade base, then upgrade again', async () => {
    await run(['upgrade']);
    const down = await run(['downgrade', 'base']);
    expect(down.stderr).toContain('Running downgrade 1001 -> 1000, add email');
    expect(down.stderr).toContain('Running downgrade 1000 -> , init');
    expect((await run(['current'])).stdout).toBe('');
    const up = await run(['upgrade']);
    expect(up.stderr).toMatch(/Running upgrade {2}-> 1000, init\n.*Running upgrade 1000 -> 1001, add email/s);
  });

  it('revision --branch starts an independent branch from base', async () => {
    const r = await run(['revision', '--branch', 'users', 'x', '--rev-id', '1002'], { EXTRA: '2' });
    expect(r.code).toBe(0);
    const text = readFileSync(mig('1002_x.ts'), 'utf8');
    expect(text).toContain('downRevision: string | readonly string[] | null = null');
    expect(text).toContain("['users']");
    expect((await run(['heads'])).stdout).toBe(
      '1000 -> 1001 (default) (head), add email\n<base> -> 1002 (users) (head), x\n',
    );
    expect((await run(['branches'])).stdout).toBe('');
  });

  it('autogenerate refuses while the database is not at the heads', async () => {
    const r = await run(['revision', 'y'], { EXTRA: '2' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: Target database is not up to date.\n');
    const up = await run(['upgrade'], { EXTRA: '2' });
    expect(up.stderr).toContain('Running upgrade  -> 1002, x');
    expect((await run(['current'])).stdout).toBe(
      '1000 -> 1001 (default) (head), add email\n<base> -> 1002 (users) (head), x\n',
    );
  });

  it('merge joins the heads with the message "merge heads"', async () => {
    const r = await run(['merge', '--rev-id', '1003']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Generating ${mig('1003_merge_heads.ts')} ...  done\n`);
    const heads = (await run(['heads'])).stdout;
    expect(heads).toMatch(
      /^1001, 1002 -> 1003 \((default, users|users, default)\) \(head\) \(mergepoint\), merge heads\n$/,
    );
    const up = await run(['upgrade']);
    expect(up.stderr).toContain('Running upgrade 1001, 1002 -> 1003, merge heads');
  });

  it('show prints verbose blocks, for symbols too', async () => {
    const r = await run(['show', 'heads']);
    expect(r.stdout).toMatch(/^Rev: 1003 \(head\) \(mergepoint\)\nMerges: 1001, 1002\n/);
    const two = await run(['show', 'users@head', 'default@head']);
    expect(two.stdout.match(/^Rev: 1003/gm)?.length).toBe(2);
    expect((await run(['show', 'base'])).stdout).toBe('');
  });

  it('--json prints the SPEC shape', async () => {
    const heads = JSON.parse((await run(['heads', '--json'])).stdout);
    expect(heads).toEqual([
      {
        revision: '1003',
        downRevisions: ['1001', '1002'],
        branchLabels: expect.arrayContaining(['default', 'users']),
        dependsOn: [],
        message: 'merge heads',
        path: mig('1003_merge_heads.ts'),
        isHead: true,
        isBase: false,
        isBranchPoint: false,
        isMergePoint: true,
      },
    ]);
    const current = JSON.parse((await run(['current', '--json'])).stdout);
    expect(Object.keys(current)).toEqual(['default']);
    expect(current.default.map((r: any) => r.revision)).toEqual(['1003']);
    const log = JSON.parse((await run(['log', '--json'])).stdout);
    expect(log.map((r: any) => r.revision)).toEqual(['1003', '1001', '1000', '1002']);
    expect(JSON.parse((await run(['show', '1000', '--json'])).stdout)[0].isBase).toBe(true);
  });

  it('log takes --start and --end', async () => {
    const r = await run(['log', '--start', 'users@base', '--end', 'users@head']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).length).toBeGreaterThan(0);
    expect(r.stdout).toContain('<base> -> 1002 (users), x');
  });

  it('graph marks heads, labels, merges and current revisions', async () => {
    const mermaid = await run(['graph']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^flowchart TD\n/);
    expect(mermaid.stdout).toContain('r_1001 --> r_1003');
    expect(mermaid.stdout).toContain('r_1002 --> r_1003');
    expect(mermaid.stdout).toMatch(/1003 \([^)]*\) \(head\) \(mergepoint\) \(current\)/);
    expect(mermaid.stdout).toContain('class r_1003 head;');
    expect(mermaid.stdout).toContain('class r_1003 current;');
    const dot = await run(['graph', '--format', 'dot']);
    expect(dot.stdout).toMatch(/^digraph revisions \{/);
    expect(dot.stdout).toContain('"1001" -> "1003";');
    expect(dot.stdout).toContain('(current)');
    expect(dot.stdout).toContain('(users)');
  });

  it('a new empty revision, relative upgrade and downgrade with a bare integer', async () => {
    const r = await run(['revision', '--empty', 'empty one', '--rev-id', '1004']);
    expect(r.stdout).toBe(`Generating ${mig('1004_empty_one.ts')} ...  done\n`);
    expect((await run(['current', '--check-heads'])).code).toBe(1);
    expect((await run(['upgrade', '+1'])).stderr).toContain('Running upgrade 1003 -> 1004, empty one');
    expect((await run(['downgrade', '1'])).stderr).toContain('Running downgrade 1004 -> 1003, empty one');
  });

  it('stamp moves the version table without running anything; --purge clears first', async () => {
    const r = await run(['stamp', 'heads']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Running stamp_revision 1003 -> 1004');
    expect((await run(['current'])).stdout).toContain('-> 1004');
    const purge = await run(['stamp', '--purge', '1001']);
    expect(purge.code).toBe(0);
    expect((await run(['current'])).stdout).toBe('1000 -> 1001 (default), add email\n');
    await run(['stamp', 'heads']);
  });

  it('downgrade users@base walks down through the merge', async () => {
    const r = await run(['downgrade', 'users@base']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Running downgrade 1004 -> 1003, empty one');
    expect(r.stderr).toContain('Running downgrade 1003 -> 1001, 1002, merge heads');
    expect(r.stderr).toContain('Running downgrade 1002 -> , x');
    expect((await run(['current'])).stdout).toBe('1000 -> 1001 (default), add email\n');
  });

  it('--sql prints the SQL instead of running it', async () => {
    const r = await run(['upgrade', 'base:1001', '--sql']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/CREATE TABLE/i);
    expect(r.stdout).toContain('alembic_version');
    // Nothing ran.
    expect((await run(['current'])).stdout).toBe('1000 -> 1001 (default), add email\n');
    const down = await run(['downgrade', '1001:1000', '--sql']);
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(/DELETE FROM|UPDATE/i);
    const stamp = await run(['stamp', '1000', '--sql']);
    expect(stamp.code).toBe(0);
    expect(stamp.stdout).toContain('alembic_version');
  });

  it('errors are one line, exit 1, stack only with --debug', async () => {
    const r = await run(['upgrade', 'nosuchrev']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Error: Can't locate revision identified by 'nosuchrev'\n");
    const d = await run(['--debug', 'upgrade', 'nosuchrev']);
    expect(d.code).toBe(1);
    expect(d.stderr).toContain("Error: Can't locate revision identified by 'nosuchrev'");
    expect(d.stderr).toMatch(/\n {4}at /);
    const down = await run(['downgrade', 'nosuchrev']);
    expect(down.stderr).toBe("Error: Can't locate revision identified by 'nosuchrev'\n");
  });

  it('bad usage exits 2', async () => {
    expect((await run(['nosuchcommand'])).code).toBe(2);
    expect((await run(['graph', '--format', 'png'])).code).toBe(2);
    expect((await run(['revision'])).code).toBe(2);
    expect((await run(['heads', '--nosuchoption'])).code).toBe(2);
    expect((await run([])).code).toBe(2);
  });

  it('never prints a database password', async () => {
    const r = await run([
      '--url',
      'postgres://user:s3cret@127.0.0.1:1/db',
      '--migrations',
      'migrations',
      'current',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith('Error: ')).toBe(true);
    expect(r.stderr + r.stdout).not.toContain('s3cret');
  });

  it('prints no colour codes when NO_COLOR is set or output is not a TTY', async () => {
    const r = await run(['upgrade', 'nosuchrev'], { NO_COLOR: '1', FORCE_COLOR: undefined });
    expect(r.stderr).not.toContain('\u001b[');
    const forced = await run(['upgrade', 'nosuchrev'], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(forced.stderr).toContain('\u001b[31mError:');
  });
});
