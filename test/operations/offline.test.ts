import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Operations } from '../../src/operations/index.js';
import { offlineOps } from './helpers.js';

/** Every op once (SQLite skips what it cannot do offline). */
async function everyOp(op: Operations, sqlite: boolean): Promise<void> {
  await op.createTable(
    'account',
    [
      op.column('id', 'integer', { primaryKey: true, autoincrement: true }),
      op.column('email', 'string(120)', { nullable: false }),
      op.column('active', 'boolean', { serverDefault: 'true' }),
      op.unique(['email'], { name: 'uq_account_email' }),
    ],
    { comment: 'people' },
  );
  await op.createTable('post', [
    op.column('id', 'bigint', { primaryKey: true, autoincrement: true }),
    op.column('account_id', 'integer'),
    op.column('body', 'text', { comment: 'the text' }),
    op.foreignKey(['account_id'], 'account', ['id'], { name: 'fk_post_account', onDelete: 'cascade' }),
    op.check('length(body) < 1000', { name: 'ck_body' }),
  ]);
  await op.renameTable('post', 'article');
  await op.addColumn(
    'article',
    op.column('title', 'string(80)', { nullable: false, serverDefault: "'untitled'" }),
  );
  await op.dropColumn('article', 'title');
  await op.createIndex('ix_article_body', 'article', ['body'], { where: "body <> ''" });
  await op.createIndex('ux_account_lower', 'account', ['lower(email)'], {
    unique: true,
    expressions: [true],
  });
  await op.dropIndex('ix_article_body', 'article');
  await op.createTableComment('account', "who's who", { existingComment: 'people' });
  await op.dropTableComment('account', { existingComment: "who's who" });
  await op.execute('UPDATE account SET active = TRUE');
  await op.execute(
    sql`UPDATE ${sql.table('account')} SET ${sql.ref('email')} = ${"o'brien\\x"} WHERE ${sql.ref('id')} = ${7}`,
  );
  await op.bulkInsert('account', [
    { email: 'a@x', active: true },
    { email: "b'@x", active: false },
  ]);
  await op.bulkInsert('account', [{ email: op.inlineLiteral('c@x'), active: null }]);
  if (!sqlite) {
    await op.alterColumn('account', 'email', {
      type: 'text',
      existingType: 'varchar(120)',
      existingNullable: false,
      nullable: true,
    });
    await op.alterColumn('account', 'active', { serverDefault: null, existingType: 'boolean' });
    await op.alterColumn('account', 'email', { newColumnName: 'mail', existingType: 'text' });
    await op.createUniqueConstraint('uq_mail', 'account', ['mail']);
    await op.createCheckConstraint('ck_mail', 'account', "mail <> ''");
    await op.createForeignKey('fk_a', 'article', 'account', ['account_id'], ['id'], { onUpdate: 'restrict' });
    await op.dropConstraint('fk_a', 'article', { type: 'foreignkey' });
    await op.dropConstraint('uq_mail', 'account', { type: 'unique' });
    await op.dropConstraint('ck_mail', 'account', { type: 'check' });
    await op.createPrimaryKey('pk_x', 'article', ['id']);
  }
  await op.dropTable('article');
}

describe('every op offline', () => {
  it('sqlite', async () => {
    const { op, out } = offlineOps('sqlite');
    await everyOp(op, true);
    expect(out).toMatchInlineSnapshot(`
      [
        "CREATE TABLE "account" (
      	"id" INTEGER NOT NULL,
      	"email" VARCHAR(120) NOT NULL,
      	"active" BOOLEAN DEFAULT true,
      	PRIMARY KEY ("id"),
      	CONSTRAINT "uq_account_email" UNIQUE ("email")
      )",
        "CREATE TABLE "post" (
      	"id" INTEGER NOT NULL,
      	"account_id" INTEGER,
      	"body" TEXT,
      	PRIMARY KEY ("id"),
      	CONSTRAINT "fk_post_account" FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE,
      	CONSTRAINT "ck_body" CHECK (length(body) < 1000)
      )",
        "ALTER TABLE "post" RENAME TO "article"",
        "ALTER TABLE "article" ADD COLUMN "title" VARCHAR(80) NOT NULL DEFAULT 'untitled'",
        "ALTER TABLE "article" DROP COLUMN "title"",
        "CREATE INDEX "ix_article_body" ON "article" ("body") WHERE body <> ''",
        "CREATE UNIQUE INDEX "ux_account_lower" ON "account" (lower(email))",
        "DROP INDEX "ix_article_body"",
        "UPDATE account SET active = TRUE",
        "UPDATE "account" SET "email" = 'o''brien\\x' WHERE "id" = 7",
        "INSERT INTO "account" ("email", "active") VALUES ('a@x', 1)",
        "INSERT INTO "account" ("email", "active") VALUES ('b''@x', 0)",
        "INSERT INTO "account" ("email", "active") VALUES ('c@x', NULL)",
        "DROP TABLE "article"",
      ]
    `);
  });

  it('postgresql', async () => {
    const { op, out } = offlineOps('postgresql');
    await everyOp(op, false);
    await op.createEnum('mood', ['sad', "it's ok"]);
    await op.alterEnumAddValue('mood', 'happy', { after: 'sad', ifNotExists: true });
    await op.dropEnum('mood', { ifExists: true });
    await op.alterColumn('account', 'id', { type: 'bigint', postgresqlUsing: 'id::bigint' });
    expect(out).toMatchInlineSnapshot(`
      [
        "CREATE TABLE "account" (
      	"id" SERIAL NOT NULL,
      	"email" VARCHAR(120) NOT NULL,
      	"active" BOOLEAN DEFAULT true,
      	PRIMARY KEY ("id"),
      	CONSTRAINT "uq_account_email" UNIQUE ("email")
      )",
        "COMMENT ON TABLE "account" IS 'people'",
        "CREATE TABLE "post" (
      	"id" BIGSERIAL NOT NULL,
      	"account_id" INTEGER,
      	"body" TEXT,
      	PRIMARY KEY ("id"),
      	CONSTRAINT "fk_post_account" FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE,
      	CONSTRAINT "ck_body" CHECK (length(body) < 1000)
      )",
        "COMMENT ON COLUMN "post"."body" IS 'the text'",
        "ALTER TABLE "post" RENAME TO "article"",
        "ALTER TABLE "article" ADD COLUMN "title" VARCHAR(80) NOT NULL DEFAULT 'untitled'",
        "ALTER TABLE "article" DROP COLUMN "title"",
        "CREATE INDEX "ix_article_body" ON "article" ("body") WHERE body <> ''",
        "CREATE UNIQUE INDEX "ux_account_lower" ON "account" (lower(email))",
        "DROP INDEX "ix_article_body"",
        "COMMENT ON TABLE "account" IS 'who''s who'",
        "COMMENT ON TABLE "account" IS NULL",
        "UPDATE account SET active = TRUE",
        "UPDATE "account" SET "email" = 'o''brien\\x' WHERE "id" = 7",
        "INSERT INTO "account" ("email", "active") VALUES ('a@x', TRUE)",
        "INSERT INTO "account" ("email", "active") VALUES ('b''@x', FALSE)",
        "INSERT INTO "account" ("email", "active") VALUES ('c@x', NULL)",
        "ALTER TABLE "account" ALTER COLUMN "email" DROP NOT NULL",
        "ALTER TABLE "account" ALTER COLUMN "email" TYPE TEXT",
        "ALTER TABLE "account" ALTER COLUMN "active" DROP DEFAULT",
        "ALTER TABLE "account" RENAME COLUMN "email" TO "mail"",
        "ALTER TABLE "account" ADD CONSTRAINT "uq_mail" UNIQUE ("mail")",
        "ALTER TABLE "account" ADD CONSTRAINT "ck_mail" CHECK (mail <> '')",
        "ALTER TABLE "article" ADD CONSTRAINT "fk_a" FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON UPDATE RESTRICT",
        "ALTER TABLE "article" DROP CONSTRAINT "fk_a"",
        "ALTER TABLE "account" DROP CONSTRAINT "uq_mail"",
        "ALTER TABLE "account" DROP CONSTRAINT "ck_mail"",
        "ALTER TABLE "article" ADD CONSTRAINT "pk_x" PRIMARY KEY ("id")",
        "DROP TABLE "article"",
        "CREATE TYPE "mood" AS ENUM ('sad', 'it''s ok')",
        "ALTER TYPE "mood" ADD VALUE IF NOT EXISTS 'happy' AFTER 'sad'",
        "DROP TYPE IF EXISTS "mood"",
        "ALTER TABLE "account" ALTER COLUMN "id" TYPE BIGINT USING id::bigint",
      ]
    `);
  });

  it('mysql', async () => {
    const { op, out } = offlineOps('mysql');
    await everyOp(op, false);
    await op.createEnum('mood', ['a']);
    expect(out).toMatchInlineSnapshot(`
      [
        "CREATE TABLE \`account\` (
      	\`id\` INTEGER NOT NULL AUTO_INCREMENT,
      	\`email\` VARCHAR(120) NOT NULL,
      	\`active\` BOOL DEFAULT true,
      	PRIMARY KEY (\`id\`),
      	CONSTRAINT \`uq_account_email\` UNIQUE (\`email\`)
      ) COMMENT='people'",
        "CREATE TABLE \`post\` (
      	\`id\` BIGINT NOT NULL AUTO_INCREMENT,
      	\`account_id\` INTEGER,
      	\`body\` TEXT COMMENT 'the text',
      	PRIMARY KEY (\`id\`),
      	CONSTRAINT \`fk_post_account\` FOREIGN KEY (\`account_id\`) REFERENCES \`account\` (\`id\`) ON DELETE CASCADE,
      	CONSTRAINT \`ck_body\` CHECK (length(body) < 1000)
      )",
        "ALTER TABLE \`post\` RENAME TO \`article\`",
        "ALTER TABLE \`article\` ADD COLUMN \`title\` VARCHAR(80) NOT NULL DEFAULT 'untitled'",
        "ALTER TABLE \`article\` DROP COLUMN \`title\`",
        "CREATE INDEX \`ix_article_body\` ON \`article\` (\`body\`)",
        "CREATE UNIQUE INDEX \`ux_account_lower\` ON \`account\` (lower(email))",
        "DROP INDEX \`ix_article_body\` ON \`article\`",
        "ALTER TABLE \`account\` COMMENT 'who''s who'",
        "ALTER TABLE \`account\` COMMENT ''",
        "UPDATE account SET active = TRUE",
        "UPDATE \`account\` SET \`email\` = 'o''brien\\\\x' WHERE \`id\` = 7",
        "INSERT INTO \`account\` (\`email\`, \`active\`) VALUES ('a@x', TRUE)",
        "INSERT INTO \`account\` (\`email\`, \`active\`) VALUES ('b''@x', FALSE)",
        "INSERT INTO \`account\` (\`email\`, \`active\`) VALUES ('c@x', NULL)",
        "ALTER TABLE \`account\` MODIFY \`email\` TEXT NULL",
        "ALTER TABLE \`account\` ALTER COLUMN \`active\` DROP DEFAULT",
        "ALTER TABLE \`account\` CHANGE COLUMN \`email\` \`mail\` TEXT NULL",
        "ALTER TABLE \`account\` ADD CONSTRAINT \`uq_mail\` UNIQUE (\`mail\`)",
        "ALTER TABLE \`account\` ADD CONSTRAINT \`ck_mail\` CHECK (mail <> '')",
        "ALTER TABLE \`article\` ADD CONSTRAINT \`fk_a\` FOREIGN KEY (\`account_id\`) REFERENCES \`account\` (\`id\`) ON UPDATE RESTRICT",
        "ALTER TABLE \`article\` DROP FOREIGN KEY \`fk_a\`",
        "ALTER TABLE \`account\` DROP INDEX \`uq_mail\`",
        "ALTER TABLE \`account\` DROP CONSTRAINT \`ck_mail\`",
        "ALTER TABLE \`article\` ADD CONSTRAINT \`pk_x\` PRIMARY KEY (\`id\`)",
        "DROP TABLE \`article\`",
      ]
    `);
  });
});

describe('offline rules', () => {
  it('SQLite cannot ALTER constraints without a table to copy', async () => {
    const { op } = offlineOps('sqlite');
    await expect(op.createUniqueConstraint('uq', 't', ['a'])).rejects.toThrow(
      'No support for ALTER of constraints in SQLite dialect. Please refer to the batch mode feature which allows for SQLite migrations using a copy-and-move strategy.',
    );
    await expect(op.alterColumn('t', 'a', { nullable: false })).rejects.toThrow(/SQLite cannot ALTER/);
  });

  it('SQLite batch offline without copyFrom gives Alembic\u2019s error', async () => {
    const { op } = offlineOps('sqlite');
    await expect(
      op.batchAlterTable('todo', async (b) => {
        b.alterColumn('title', { nullable: false });
      }),
    ).rejects.toThrow(
      'This operation cannot proceed in --sql mode; batch mode with dialect sqlite requires a live database connection with which to reflect the table "todo". To generate a batch SQL migration script using table "move and copy", a complete Table object should be passed to the "copy_from" argument of the batch_alter_table() method so that table reflection can be skipped.',
    );
  });

  it('SQLite batch offline with copyFrom writes the move-and-copy', async () => {
    const { op, out } = offlineOps('sqlite');
    await op.batchAlterTable(
      'todo',
      {
        copyFrom: {
          name: 'todo',
          columns: [
            { name: 'id', type: 'integer', primaryKey: true },
            { name: 'title', type: 'string(20)' },
            { name: 'old', type: 'text' },
          ],
          indexes: [{ name: 'ix_todo_title', columns: ['title'] }],
        },
      },
      async (b) => {
        b.alterColumn('title', { nullable: false, type: 'text' });
        b.dropColumn('old');
        b.addColumn(b.column('done', 'boolean', { serverDefault: '0', nullable: false }));
      },
    );
    expect(out).toEqual([
      'CREATE TABLE "_alembic_tmp_todo" (\n\t"id" INTEGER NOT NULL,\n\t"title" TEXT NOT NULL,\n\t"done" BOOLEAN NOT NULL DEFAULT 0,\n\tPRIMARY KEY ("id")\n)',
      'INSERT INTO "_alembic_tmp_todo" ("id", "title") SELECT "id", CAST("title" AS TEXT) FROM "todo"',
      'DROP TABLE "todo"',
      'ALTER TABLE "_alembic_tmp_todo" RENAME TO "todo"',
      'CREATE INDEX "ix_todo_title" ON "todo" ("title")',
    ]);
  });

  it('batch on other dialects replays ALTERs; bad recreate values are rejected', async () => {
    const { op, out } = offlineOps('postgresql');
    await op.batchAlterTable('todo', async (b) => {
      b.addColumn(b.column('x', 'integer'));
      b.alterColumn('x', { nullable: false });
    });
    expect(out).toEqual([
      'ALTER TABLE "todo" ADD COLUMN "x" INTEGER',
      'ALTER TABLE "todo" ALTER COLUMN "x" SET NOT NULL',
    ]);
    await expect(op.batchAlterTable('t', { recreate: 'sometimes' as never }, () => {})).rejects.toThrow(
      "recreate may be one of 'auto', 'always', or 'never'.",
    );
    await expect(
      op.batchAlterTable('t', { recreate: 'never' }, (b) =>
        b.addColumn(b.column('y', 'integer'), { insertAfter: 'x' }),
      ),
    ).rejects.toThrow(
      "Can't specify insert_before or insert_after when using ALTER; please specify recreate='always'",
    );
  });

  it('MySQL needs the existing type and a constraint type', async () => {
    const { op } = offlineOps('mysql');
    await expect(op.alterColumn('t', 'c', { nullable: false })).rejects.toThrow(
      'All MySQL CHANGE/MODIFY COLUMN operations require the existing type.',
    );
    await expect(op.dropConstraint('x', 't')).rejects.toThrow(
      "No generic 'DROP CONSTRAINT' in MySQL - please specify constraint type",
    );
    await expect(op.dropIndex('ix')).rejects.toThrow(/needs the table name/);
  });

  it.each(['sqlite', 'postgresql', 'mysql'] as const)('quotes hostile identifiers (%s)', async (dialect) => {
    const { op, out } = offlineOps(dialect);
    for (const name of ['we"ird', 'a;b', 'back\\slash', 'ünï', 'tick`y']) {
      await op.createTable(name, [op.column(name, 'integer')]);
      await op.createIndex(`ix_${name}`, name, [name]);
      await op.bulkInsert(name, [{ [name]: 1 }]);
      await op.dropTable(name);
    }
    const q = (n: string) =>
      dialect === 'mysql' ? `\`${n.replaceAll('`', '``')}\`` : `"${n.replaceAll('"', '""')}"`;
    expect(out).toContain(`CREATE TABLE ${q('we"ird')} (\n\t${q('we"ird')} INTEGER\n)`);
    expect(out).toContain(`CREATE INDEX ${q('ix_a;b')} ON ${q('a;b')} (${q('a;b')})`);
    expect(out).toContain(`INSERT INTO ${q('tick`y')} (${q('tick`y')}) VALUES (1)`);
    expect(out).toContain(`DROP TABLE ${q('back\\slash')}`);
    expect(out).toContain(`DROP TABLE ${q('ünï')}`);
  });
});
