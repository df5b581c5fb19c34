/**
 * Secrets (issue 7, item 4): a password in a database URL never appears in errors, logs,
 * `--sql` output or `--json`; where the URL is shown, its password reads `***`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, serverTestDialects, type TestDatabase } from '../support/databases.js';
import { runCli, tempDir, writeRevs } from './helpers.js';

const SECRET = 'S3cr3t-pw_9f2c';

let dir: string;
beforeAll(() => {
  dir = writeRevs(tempDir('rel-secret-'), [
    {
      rev: 's1',
      down: null,
      up: "  await op.createTable('t_s1', [op.column('id', 'integer', { primaryKey: true })]);",
    },
    // User code that puts the URL into its error message.
    { rev: 's2', down: 's1', up: "  throw new Error('could not reach ' + process.env.SECRET_URL);" },
  ]);
});

function expectNoSecret(out: { stdout: string; stderr: string }): void {
  expect(out.stdout).not.toContain(SECRET);
  expect(out.stderr).not.toContain(SECRET);
  expect(out.stderr).not.toContain(encodeURIComponent(SECRET));
}

describe('passwords in URLs', () => {
  for (const scheme of ['postgres', 'mysql']) {
    const url = `${scheme}://app:${SECRET}@127.0.0.1:1/app`;
    it(`${scheme}: a refused port shows the URL masked`, async () => {
      for (const args of [
        ['current'],
        ['upgrade'],
        ['downgrade', 'base'],
        ['stamp', 'heads'],
        ['current', '--json'],
      ]) {
        const r = await runCli([...args, '--url', url, '--migrations', dir]);
        expect(r.code).toBe(1);
        expectNoSecret(r);
        const last = r.stderr.trim().split('\n').at(-1)!;
        expect(last).toMatch(/^Error: Can't connect to .*app:\*\*\*@127\.0\.0\.1:1\/app/);
      }
    });
    it(`${scheme}: --sql and --json output never hold the password`, async () => {
      for (const args of [
        ['upgrade', '--sql'],
        ['heads', '--json'],
        ['log', '--json'],
        ['show', 's1', '--json'],
        ['upgrade', 'foo', '--sql'],
        ['nosuchcommand'],
      ]) {
        const r = await runCli([...args, '--url', url, '--migrations', dir]);
        expectNoSecret(r);
      }
    });
  }

  it('a malformed URL is echoed masked', async () => {
    const r = await runCli([
      'current',
      '--url',
      `postgres://app:${SECRET}@host:notaport/db`,
      '--migrations',
      dir,
    ]);
    expect(r.code).toBe(1);
    expectNoSecret(r);
    expect(r.stderr).toContain('***');
  });
});

describe.each(serverTestDialects.map((k) => [k] as const))(
  'wrong password and failing migrations [%s]',
  (kind) => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(kind);
    });
    afterAll(async () => {
      await db?.drop();
    });

    function withPassword(url: string, pw: string): string {
      const u = new URL(url);
      if (!u.username) u.username = kind === 'mysql' ? 'root' : 'postgres';
      u.password = pw;
      return u.toString();
    }

    it('a wrong password: the error (if the server checks it) shows ***, never the password', async () => {
      const r = await runCli(['upgrade', 's1', '--url', withPassword(db.url, SECRET), '--migrations', dir]);
      expectNoSecret(r);
      // The test PostgreSQL trusts local connections; MariaDB checks the password.
      if (r.code !== 0) expect(r.stderr).toMatch(/^Error: Can't connect to .*:\*\*\*@/m);
      if (kind === 'mysql') expect(r.code).toBe(1);
    });

    it('a migration error quoting the URL is printed masked', async () => {
      const good = db.url;
      const url = kind === 'postgresql' ? withPassword(good, SECRET) : good;
      const withSecret = kind === 'postgresql' ? url : withPassword(good, SECRET);
      const r = await runCli(['upgrade', '--url', url, '--migrations', dir], { SECRET_URL: withSecret });
      expect(r.code).toBe(1);
      expectNoSecret(r);
      expect(r.stderr).toContain(':***@');
    });
  },
);
