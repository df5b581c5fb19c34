import { describe, expect, it } from 'vitest';
import { getDialect, mysqlDialect, postgresqlDialect, sqliteDialect } from '../../src/dialects/index.js';
import type { TableSpec } from '../../src/dialects/index.js';

describe('quoteIdentifier', () => {
  it('doubles the quote character', () => {
    expect(sqliteDialect.quoteIdentifier('we"ird')).toBe('"we""ird"');
    expect(postgresqlDialect.quoteIdentifier('we"ird')).toBe('"we""ird"');
    expect(mysqlDialect.quoteIdentifier('a`b')).toBe('`a``b`');
    expect(mysqlDialect.quoteIdentifier('we"ird')).toBe('`we"ird`');
    expect(postgresqlDialect.quoteIdentifier('a;b')).toBe('"a;b"');
    expect(mysqlDialect.quoteIdentifier('back\\slash')).toBe('`back\\slash`');
    expect(sqliteDialect.quoteIdentifier('ünï')).toBe('"ünï"');
  });
  it('rejects empty names and NUL', () => {
    expect(() => sqliteDialect.quoteIdentifier('')).toThrow(/non-empty/);
    expect(() => postgresqlDialect.quoteIdentifier('a\0b')).toThrow(/NUL/);
  });
  it('quoteTable qualifies with the schema', () => {
    expect(postgresqlDialect.quoteTable('t', 's')).toBe('"s"."t"');
    expect(mysqlDialect.quoteTable('t')).toBe('`t`');
  });
});

describe('literal', () => {
  const d = new Date(Date.UTC(2026, 10, 24, 1, 2, 3, 45));
  it.each([
    [null, 'NULL', 'NULL', 'NULL'],
    [undefined, 'NULL', 'NULL', 'NULL'],
    [true, '1', 'TRUE', 'TRUE'],
    [false, '0', 'FALSE', 'FALSE'],
    [42, '42', '42', '42'],
    [-1.5, '-1.5', '-1.5', '-1.5'],
    [12345678901234567890n, '12345678901234567890', '12345678901234567890', '12345678901234567890'],
    ["it's", "'it''s'", "'it''s'", "'it''s'"],
    ['back\\slash', "'back\\slash'", "'back\\slash'", "'back\\\\slash'"],
    ['line\nbreak', "'line\nbreak'", "'line\nbreak'", "'line\\nbreak'"],
    [d, "'2026-11-24 01:02:03.045'", "'2026-11-24 01:02:03.045'", "'2026-11-24 01:02:03.045'"],
    [Buffer.from([0xde, 0xad]), "X'dead'", "'\\xdead'::bytea", "X'dead'"],
    [new Uint8Array([1, 2]), "X'0102'", "'\\x0102'::bytea", "X'0102'"],
    [{ a: 1 }, `'{"a":1}'`, `'{"a":1}'`, `'{"a":1}'`],
  ])('%o', (value, lite, pg, my) => {
    expect(sqliteDialect.literal(value)).toBe(lite);
    expect(postgresqlDialect.literal(value)).toBe(pg);
    expect(mysqlDialect.literal(value)).toBe(my);
  });
  it('rejects non-finite numbers', () => {
    expect(() => sqliteDialect.literal(Number.NaN)).toThrow(/NaN/);
    expect(() => mysqlDialect.literal(Number.POSITIVE_INFINITY)).toThrow(/Infinity/);
  });
});

describe('compileType', () => {
  it.each([
    ['boolean', 'BOOLEAN', 'BOOLEAN', 'BOOL'],
    ['json', 'JSON', 'JSON', 'JSON'],
    ['uuid', 'CHAR(36)', 'UUID', 'CHAR(36)'],
    ['datetime', 'DATETIME', 'TIMESTAMP WITHOUT TIME ZONE', 'DATETIME'],
    ['timestamp', 'DATETIME', 'TIMESTAMP WITHOUT TIME ZONE', 'timestamp'],
    ['text', 'TEXT', 'TEXT', 'TEXT'],
    ['string(80)', 'VARCHAR(80)', 'VARCHAR(80)', 'VARCHAR(80)'],
    ['string', 'VARCHAR', 'VARCHAR', 'VARCHAR(255)'],
    ['integer', 'INTEGER', 'INTEGER', 'INTEGER'],
    ['bigint', 'BIGINT', 'BIGINT', 'BIGINT'],
    ['float', 'FLOAT', 'FLOAT', 'FLOAT'],
    ['double', 'DOUBLE', 'DOUBLE PRECISION', 'DOUBLE'],
    ['varchar(12)', 'varchar(12)', 'varchar(12)', 'varchar(12)'],
    ['mood', 'mood', 'mood', 'mood'],
  ])('%s', (type, lite, pg, my) => {
    expect(sqliteDialect.compileType(type)).toBe(lite);
    expect(postgresqlDialect.compileType(type)).toBe(pg);
    expect(mysqlDialect.compileType(type)).toBe(my);
  });
});

const todo: TableSpec = {
  name: 'todo',
  columns: [
    { name: 'id', type: 'integer', autoincrement: true, primaryKey: true },
    { name: 'title', type: 'string(80)', nullable: false, comment: 'what' },
    { name: 'state', type: 'text', default: "'open'" },
    { name: 'created', type: 'datetime', default: 'CURRENT_TIMESTAMP' },
    { name: 'owner_id', type: 'integer' },
  ],
  uniqueConstraints: [{ kind: 'unique', name: 'uq_todo_title', columns: ['title'] }],
  foreignKeys: [
    {
      kind: 'foreignKey',
      name: 'fk_owner',
      columns: ['owner_id'],
      referredTable: 'user',
      referredColumns: ['id'],
      onDelete: 'cascade',
    },
  ],
  checkConstraints: [{ kind: 'check', name: 'ck_state', expression: "state <> ''" }],
  indexes: [{ name: 'ix_todo_state', columns: ['state'], where: "state = 'open'" }],
  comment: 'things to do',
};

describe('createTable', () => {
  it('sqlite', () => {
    expect(sqliteDialect.compileDdl({ kind: 'createTable', table: todo })).toEqual([
      'CREATE TABLE "todo" (\n\t"id" INTEGER NOT NULL,\n\t"title" VARCHAR(80) NOT NULL,\n\t"state" TEXT DEFAULT \'open\',\n\t"created" DATETIME DEFAULT CURRENT_TIMESTAMP,\n\t"owner_id" INTEGER,\n\tPRIMARY KEY ("id"),\n\tCONSTRAINT "uq_todo_title" UNIQUE ("title"),\n\tCONSTRAINT "fk_owner" FOREIGN KEY ("owner_id") REFERENCES "user" ("id") ON DELETE CASCADE,\n\tCONSTRAINT "ck_state" CHECK (state <> \'\')\n)',
      'CREATE INDEX "ix_todo_state" ON "todo" ("state") WHERE state = \'open\'',
    ]);
  });
  it('postgresql', () => {
    expect(postgresqlDialect.compileDdl({ kind: 'createTable', table: todo })).toEqual([
      'CREATE TABLE "todo" (\n\t"id" SERIAL NOT NULL,\n\t"title" VARCHAR(80) NOT NULL,\n\t"state" TEXT DEFAULT \'open\',\n\t"created" TIMESTAMP WITHOUT TIME ZONE DEFAULT CURRENT_TIMESTAMP,\n\t"owner_id" INTEGER,\n\tPRIMARY KEY ("id"),\n\tCONSTRAINT "uq_todo_title" UNIQUE ("title"),\n\tCONSTRAINT "fk_owner" FOREIGN KEY ("owner_id") REFERENCES "user" ("id") ON DELETE CASCADE,\n\tCONSTRAINT "ck_state" CHECK (state <> \'\')\n)',
      'CREATE INDEX "ix_todo_state" ON "todo" ("state") WHERE state = \'open\'',
      'COMMENT ON TABLE "todo" IS \'things to do\'',
      'COMMENT ON COLUMN "todo"."title" IS \'what\'',
    ]);
  });
  it('mysql', () => {
    expect(mysqlDialect.compileDdl({ kind: 'createTable', table: todo })).toEqual([
      "CREATE TABLE `todo` (\n\t`id` INTEGER NOT NULL AUTO_INCREMENT,\n\t`title` VARCHAR(80) NOT NULL COMMENT 'what',\n\t`state` TEXT DEFAULT 'open',\n\t`created` DATETIME DEFAULT CURRENT_TIMESTAMP,\n\t`owner_id` INTEGER,\n\tPRIMARY KEY (`id`),\n\tCONSTRAINT `uq_todo_title` UNIQUE (`title`),\n\tCONSTRAINT `fk_owner` FOREIGN KEY (`owner_id`) REFERENCES `user` (`id`) ON DELETE CASCADE,\n\tCONSTRAINT `ck_state` CHECK (state <> '')\n) COMMENT='things to do'",
      'CREATE INDEX `ix_todo_state` ON `todo` (`state`)',
    ]);
  });
  it('drop table', () => {
    expect(
      postgresqlDialect.compileDdl({ kind: 'dropTable', table: 't', schema: 's', ifExists: true }),
    ).toEqual(['DROP TABLE IF EXISTS "s"."t"']);
    expect(mysqlDialect.compileDdl({ kind: 'dropTable', table: 'a`b' })).toEqual(['DROP TABLE `a``b`']);
  });
  it('wraps expression defaults where the dialect needs it', () => {
    expect(sqliteDialect.compileDefault("datetime('now')")).toBe("(datetime('now'))");
    expect(sqliteDialect.compileDefault('0')).toBe('0');
    expect(mysqlDialect.compileDefault('now()')).toBe('now()');
    expect(mysqlDialect.compileDefault('uuid()')).toBe('(uuid())');
    expect(postgresqlDialect.compileDefault('now()')).toBe('now()');
  });
  it('getDialect knows the aliases', () => {
    expect(getDialect('mariadb')).toBe(mysqlDialect);
    expect(getDialect('postgres')).toBe(postgresqlDialect);
    expect(() => getDialect('oracle')).toThrow(/Unknown database dialect "oracle"/);
  });
});
