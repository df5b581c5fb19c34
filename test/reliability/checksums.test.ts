/**
 * Integrity (issue 7, item 5): the sha256 of each applied revision file is kept in
 * `alembic_version_checksums` (same transaction as the step, removed on downgrade);
 * `current` and `check` warn when an applied file changed; `upgrade` refuses version rows
 * that no file provides, saying how to recover.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine } from '../../src/dialects/index.js';
import { Retort } from '../../src/index.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';
import { runCli, tempDir, writeRevs } from './helpers.js';

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const engine = createEngine(url);
  try {
    return await engine.withConnection(async (conn: any) => (await conn.execute(sql)).rows);
  } finally {
    await engine.close();
  }
}

describeEachDialect('revision file checksums', (kind) => {
  let db: TestDatabase;
  let dir: string;
  const file = (rev: string) => join(dir, `${rev}_step.mjs`);
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dir = writeRevs(tempDir('rel-sums-'), [
      {
        rev: 'h1',
        down: null,
        up: "  await op.createTable('t_h1', [op.column('id', 'integer', { primaryKey: true })]);",
        downBody: "  await op.dropTable('t_h1');",
      },
      {
        rev: 'h2',
        down: 'h1',
        up: "  await op.createTable('t_h2', [op.column('id', 'integer', { primaryKey: true })]);",
        downBody: "  await op.dropTable('t_h2');",
      },
      {
        rev: 'h3',
        down: 'h2',
        up: "  await op.createTable('t_h3', [op.column('id', 'integer', { primaryKey: true })]);\n  throw new Error('h3 fails');",
      },
    ]);
  });
  afterAll(async () => {
    await db?.drop();
  });
  const sums = async () =>
    Object.fromEntries(
      (await query(db.url, 'SELECT revision, checksum FROM alembic_version_checksums')).map((r) => [
        String(r.revision),
        String(r.checksum),
      ]),
    );

  it('records each applied file, removes it on downgrade, keeps alembic_version as Alembic has it', async () => {
    // One Retort per call: a PGlite folder must not be open twice at once.
    const run = async (fn: (r: Retort) => Promise<unknown>) => {
      const retort = new Retort({ engines: db.url, config: { scriptLocation: dir } });
      try {
        await fn(retort);
      } finally {
        await retort.close();
      }
    };
    await run((r) => r.upgrade('h2'));
    expect(await sums()).toEqual({ h1: sha(file('h1')), h2: sha(file('h2')) });
    const cols = Object.keys((await query(db.url, 'SELECT * FROM alembic_version'))[0]);
    expect(cols).toEqual(['version_num']);
    await run((r) => r.downgrade('-1'));
    expect(await sums()).toEqual({ h1: sha(file('h1')) });
    await run((r) => r.upgrade('h2'));
  });

  it('a failed step records nothing (transactional databases roll it back with the step)', async () => {
    const r = await runCli(['upgrade', '--url', db.url, '--migrations', dir]);
    expect(r.code).toBe(1);
    expect(Object.keys(await sums()).sort()).toEqual(['h1', 'h2']);
  });

  it('current and check warn when an applied file changed since', async () => {
    appendFileSync(file('h1'), '\n// edited after it was applied\n');
    const lines: string[] = [];
    const retort = new Retort({
      engines: db.url,
      config: { scriptLocation: dir },
      logger: (l) => lines.push(l),
    });
    try {
      const current = await retort.current();
      expect(current.map((r) => r.revision)).toEqual(['h2']);
      const warnings = (current as unknown as { warnings: string[] }).warnings;
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /^WARNING: revision 'h1' was applied to database 'default' from a file that has changed since/,
      );
      expect(lines).toEqual(warnings);
    } finally {
      await retort.close();
    }
    const cli = await runCli(['current', '--url', db.url, '--migrations', dir]);
    expect(cli.code).toBe(0);
    expect(cli.stderr).toMatch(/^WARNING: revision 'h1' .* changed since/m);
    expect(cli.stdout).toContain('h2');
    const check = await runCli(['check', '--url', db.url, '--migrations', dir]);
    expect(check.stderr).toMatch(/^WARNING: revision 'h1' .* changed since/m);
  });

  it('upgrade refuses version rows that no file provides, and says how to recover', async () => {
    rmSync(file('h3'));
    await query(db.url, "UPDATE alembic_version SET version_num = 'abc123'");
    const r = await runCli(['upgrade', '--url', db.url, '--migrations', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      "Error: Can't locate revision identified by 'abc123' (the database is at a revision no file provides; restore the file, or run 'retort stamp --purge <rev>' to re-stamp)",
    );
    const fix = await runCli(['stamp', '--purge', 'h2', '--url', db.url, '--migrations', dir]);
    expect(fix.code, fix.stderr).toBe(0);
    expect(await query(db.url, 'SELECT version_num FROM alembic_version')).toEqual([{ version_num: 'h2' }]);
  });
});
