import { describe, expect, it } from 'vitest';
import { getDialect } from '../../src/dialects/index.js';
import { downgrade, MigrationContext, stamp, upgrade } from '../../src/runtime/index.js';
import { ScriptDirectory } from '../../src/script/index.js';
import { writeRevisions } from './helpers.js';

const script = new ScriptDirectory({
  scriptLocation: writeRevisions([
    {
      rev: 'o1',
      down: null,
      message: 'create account',
      up: "  await op.createTable('account', [op.column('id', 'integer', { primaryKey: true }), op.column('name', 'string(50)', { nullable: false })]);",
      downBody: "  await op.dropTable('account');",
    },
    {
      rev: 'o2',
      down: 'o1',
      message: 'seed',
      up: '  await op.execute("INSERT INTO account (id, name) VALUES (1, \'a\')");',
      downBody: "  await op.execute('DELETE FROM account');",
    },
  ]),
});

function offline(name: 'sqlite' | 'postgresql' | 'mysql', extra: Record<string, unknown> = {}) {
  const chunks: string[] = [];
  const ctx = new MigrationContext({
    dialect: getDialect(name) as any,
    asSql: true,
    output: (s) => chunks.push(s),
    ...extra,
  });
  return { ctx, text: () => chunks.join('') };
}

describe('offline --sql', () => {
  it('renders an upgrade from base on PostgreSQL', async () => {
    const { ctx, text } = offline('postgresql');
    const lines: string[] = [];
    const [r] = await upgrade(
      script,
      [new MigrationContext({ ...ctx.options, logger: (l) => lines.push(l) })],
      'heads',
      {
        sql: true,
      },
    );
    expect(lines).toEqual(['Running upgrade  -> o1, create account', 'Running upgrade o1 -> o2, seed']);
    expect(r.sql).toMatchInlineSnapshot(`
      "BEGIN;

      CREATE TABLE alembic_version (
          version_num VARCHAR(32) NOT NULL, 
          CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
      );

      -- Running upgrade  -> o1

      CREATE TABLE "account" (
          "id" INTEGER NOT NULL,
          "name" VARCHAR(50) NOT NULL,
          PRIMARY KEY ("id")
      );

      INSERT INTO alembic_version (version_num) VALUES ('o1');

      -- Running upgrade o1 -> o2

      INSERT INTO account (id, name) VALUES (1, 'a');

      UPDATE alembic_version SET version_num='o2' WHERE alembic_version.version_num = 'o1';

      COMMIT;

      "
    `);
    expect(text()).toBe(r.sql);
  });

  it('renders an upgrade from base on SQLite', async () => {
    const { ctx } = offline('sqlite');
    const [r] = await upgrade(script, [ctx], 'heads', { sql: true });
    expect(r.sql).toMatchInlineSnapshot(`
      "BEGIN;

      CREATE TABLE alembic_version (
          version_num VARCHAR(32) NOT NULL, 
          CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
      );

      -- Running upgrade  -> o1

      CREATE TABLE "account" (
          "id" INTEGER NOT NULL,
          "name" VARCHAR(50) NOT NULL,
          PRIMARY KEY ("id")
      );

      INSERT INTO alembic_version (version_num) VALUES ('o1');

      -- Running upgrade o1 -> o2

      INSERT INTO account (id, name) VALUES (1, 'a');

      UPDATE alembic_version SET version_num='o2' WHERE alembic_version.version_num = 'o1';

      COMMIT;

      "
    `);
  });

  it('renders an upgrade from base on MySQL (no BEGIN/COMMIT: DDL is not transactional)', async () => {
    const { ctx } = offline('mysql');
    const [r] = await upgrade(script, [ctx], 'heads', { sql: true });
    expect(r.sql).toMatchInlineSnapshot(`
      "CREATE TABLE alembic_version (
          version_num VARCHAR(32) NOT NULL, 
          CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
      );

      -- Running upgrade  -> o1

      CREATE TABLE \`account\` (
          \`id\` INTEGER NOT NULL,
          \`name\` VARCHAR(50) NOT NULL,
          PRIMARY KEY (\`id\`)
      );

      INSERT INTO alembic_version (version_num) VALUES ('o1');

      -- Running upgrade o1 -> o2

      INSERT INTO account (id, name) VALUES (1, 'a');

      UPDATE alembic_version SET version_num='o2' WHERE alembic_version.version_num = 'o1';

      "
    `);
  });

  it('renders a start:end range without the CREATE TABLE, and downgrades', async () => {
    const { ctx } = offline('postgresql');
    const [up] = await upgrade(script, [ctx], 'o1:o2', { sql: true });
    expect(up.sql).toMatchInlineSnapshot(`
      "BEGIN;

      -- Running upgrade o1 -> o2

      INSERT INTO account (id, name) VALUES (1, 'a');

      UPDATE alembic_version SET version_num='o2' WHERE alembic_version.version_num = 'o1';

      COMMIT;

      "
    `);
    const [down] = await downgrade(script, [ctx], 'o2:base', { sql: true });
    expect(down.sql).toMatchInlineSnapshot(`
      "BEGIN;

      -- Running downgrade o2 -> o1

      DELETE FROM account;

      UPDATE alembic_version SET version_num='o1' WHERE alembic_version.version_num = 'o2';

      -- Running downgrade o1 -> 

      DROP TABLE "account";

      DELETE FROM alembic_version WHERE alembic_version.version_num = 'o1';

      COMMIT;

      "
    `);
  });

  it('renders stamps and per-migration transactions', async () => {
    const { ctx } = offline('sqlite', { transactionPerMigration: true });
    const [s] = await stamp(script, [ctx], 'o2', { sql: true });
    expect(s.sql).toMatchInlineSnapshot(`
      "BEGIN;

      CREATE TABLE alembic_version (
          version_num VARCHAR(32) NOT NULL, 
          CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
      );

      -- Running stamp_revision  -> o2

      INSERT INTO alembic_version (version_num) VALUES ('o2');

      COMMIT;

      "
    `);
    const [up] = await upgrade(script, [ctx], 'heads', { sql: true });
    expect(up.sql?.match(/BEGIN;/g)?.length).toBe(2);
    await expect(stamp(script, [ctx], 'o1:o2', { sql: true, purge: true })).rejects.toThrow(
      "Can't use --purge with --sql mode",
    );
    await expect(stamp(script, [ctx], ['o1:o2', 'o2:o1'], { sql: true })).rejects.toThrow(
      'Stamp operation with --sql only supports a single starting revision at a time',
    );
  });
});

describe('the op a revision receives', () => {
  it('is the operations layer Operations bound to the database name', async () => {
    const seen: string[] = [];
    const dir = writeRevisions([
      {
        rev: 'p1',
        down: null,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: source text of the revision file
        up: "  await op.execute(`SELECT '${op.constructor.name}:${database}'`);",
      },
    ]);
    const s = new ScriptDirectory({ scriptLocation: dir });
    const ctx = new MigrationContext({
      dialect: getDialect('postgresql') as any,
      asSql: true,
      databaseName: 'analytics',
      output: (t) => seen.push(t),
    });
    await upgrade(s, [ctx], 'heads', { sql: true });
    expect(seen.join('')).toContain("SELECT 'Operations:analytics';");
  });
});

describe('numeric targets', () => {
  const numeric = new ScriptDirectory({
    scriptLocation: writeRevisions([
      { rev: '1000', down: null, message: 'init' },
      { rev: '1001', down: '1000', message: 'next' },
      { rev: '1002', down: '1001', message: 'last' },
    ]),
  });
  const ctx = () => new MigrationContext({ dialect: getDialect('sqlite') as any, asSql: true });

  it('upgrade: a numeric string is a revision when one matches, else a count', async () => {
    expect((await upgrade(numeric, [ctx()], '1001', { sql: true }))[0].steps).toEqual([
      'upgrade  -> 1000, init',
      'upgrade 1000 -> 1001, next',
    ]);
    expect((await upgrade(numeric, [ctx()], '2', { sql: true }))[0].steps).toEqual([
      'upgrade  -> 1000, init',
      'upgrade 1000 -> 1001, next',
    ]);
    expect((await upgrade(numeric, [ctx()], 1, { sql: true }))[0].steps).toEqual(['upgrade  -> 1000, init']);
  });

  it('downgrade: a bare integer counts down; an exact numeric id is that revision', async () => {
    expect((await downgrade(numeric, [ctx()], '1002:2', { sql: true }))[0].steps).toEqual([
      'downgrade 1002 -> 1001, last',
      'downgrade 1001 -> 1000, next',
    ]);
    expect((await downgrade(numeric, [ctx()], '1002:1000', { sql: true }))[0].steps).toHaveLength(2);
    expect((await downgrade(numeric, [ctx()], '1002:-1', { sql: true }))[0].steps).toEqual([
      'downgrade 1002 -> 1001, last',
    ]);
  });
});
