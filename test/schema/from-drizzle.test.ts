import { sql } from 'drizzle-orm';
import { integer, pgTable, serial } from 'drizzle-orm/pg-core';
import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, test } from 'vitest';
import { drizzleTableDialect, fromDrizzle, SchemaSpecError } from '../../src/schema/index.js';
import * as mysqlSchema from './fixtures/mysql-schema.js';
import * as pgSchema from './fixtures/pg-schema.js';
import * as sqliteSchema from './fixtures/sqlite-schema.js';

const pg = fromDrizzle(pgSchema);
const table = (name: string) => {
  const t = pg.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
};
const col = (t: string, c: string) => table(t).columns.find((x) => x.name === c);

describe('fromDrizzle (pg-core)', () => {
  test('tables, enums and schemas; relations ignored', () => {
    expect(pg.tables.map((t) => t.name)).toContain('daily_stats');
    expect(table('daily_stats').schema).toBe('reporting');
    expect(pg.enums).toEqual([
      { name: 'mood', schema: null, values: ['sad', 'ok', 'happy'] },
      { name: 'role', schema: null, values: ['admin', 'member'] },
      { name: 'period', schema: 'reporting', values: ['day', 'week'] },
    ]);
    // an enum outside the default schema is named with its schema
    expect(table('daily_stats').columns.find((c) => c.name === 'period')?.type).toBe('"reporting"."period"');
  });

  test('column types, nullability, serial', () => {
    expect(col('users', 'id')).toMatchObject({
      type: 'serial',
      nullable: false,
      autoincrement: true,
      default: null,
    });
    expect(col('users', 'email')).toMatchObject({ type: 'varchar(255)', nullable: false });
    expect(col('users', 'mood')).toMatchObject({ type: 'mood', nullable: true });
    expect(col('users', 'balance')?.type).toBe('numeric(12, 2)');
    expect(col('users', 'tags')?.type).toBe('text[]');
    expect(col('orgs', 'created_at')?.type).toBe('timestamp with time zone');
    expect(col('memberships', 'joined_at')?.type).toBe('timestamp (3) with time zone');
  });

  test('defaults: SQL objects as text, JS literals as SQL literals, $defaultFn is not a server default', () => {
    expect(col('users', 'name')?.default).toBe("'anonymous'");
    expect(col('users', 'active')?.default).toBe('true');
    expect(col('users', 'score')?.default).toBe('0');
    expect(col('users', 'settings')?.default).toBe(`'{"theme":"dark"}'`);
    expect(col('users', 'token')?.default).toBe('gen_random_uuid()');
    expect(col('orgs', 'created_at')?.default).toBe('now()');
    expect(col('comments', 'created_at')?.default).toBe('CURRENT_TIMESTAMP');
    const t = pgTable('t', { id: serial('id').primaryKey(), n: integer('n').$defaultFn(() => 3) });
    expect(fromDrizzle(t).tables[0].columns[1].default).toBeNull();
  });

  test('primary keys: column, composite, named composite', () => {
    expect(table('users').primaryKey).toEqual({ kind: 'primaryKey', name: null, columns: ['id'] });
    expect(table('memberships').primaryKey?.columns).toEqual(['user_id', 'team_id']);
    expect(table('task_labels').primaryKey).toEqual({
      kind: 'primaryKey',
      name: 'task_labels_pk',
      columns: ['task_id', 'label_id'],
    });
  });

  test('unique: column .unique() (default and given names) and unique()', () => {
    expect(table('orgs').uniqueConstraints).toEqual([
      { kind: 'unique', name: 'orgs_name_unique', columns: ['name'] },
    ]);
    expect(table('labels').uniqueConstraints).toEqual([
      { kind: 'unique', name: 'labels_name_key', columns: ['name'] },
    ]);
    expect(table('projects').uniqueConstraints).toEqual([
      { kind: 'unique', name: 'projects_team_code_uq', columns: ['team_id', 'code'] },
    ]);
  });

  test('indexes: unique, partial, multi-column', () => {
    expect(table('users').indexes).toEqual([
      { name: 'users_email_idx', columns: ['email'], unique: true, where: null },
      { name: 'users_active_org_idx', columns: ['org_id'], unique: false, where: '"active" = true' },
      { name: 'users_name_mood_idx', columns: ['name', 'mood'], unique: false, where: null },
      {
        name: 'users_email_lower_idx',
        columns: ['lower("email")'],
        expressions: [true],
        unique: false,
        where: null,
      },
    ]);
  });

  test('foreign keys: references() and foreignKey(), actions, self and composite references', () => {
    expect(table('users').foreignKeys).toEqual([
      {
        kind: 'foreignKey',
        name: 'users_org_id_orgs_id_fk',
        columns: ['org_id'],
        referredTable: 'orgs',
        referredSchema: null,
        referredColumns: ['id'],
        onDelete: 'cascade',
        onUpdate: 'cascade',
        deferrable: null,
        initially: null,
      },
      expect.objectContaining({
        name: 'users_manager_fk',
        referredTable: 'users',
        onDelete: 'set null',
        onUpdate: null,
      }),
    ]);
    expect(table('teams').foreignKeys?.[1]).toMatchObject({
      columns: ['parent_id'],
      referredTable: 'teams',
      onDelete: 'set null',
    });
    expect(table('invoice_lines').foreignKeys?.[0]).toMatchObject({
      columns: ['org_id', 'invoice_number'],
      referredTable: 'invoices',
      referredColumns: ['org_id', 'number'],
      onDelete: 'cascade',
    });
  });

  test('checks are SQL text without table qualification', () => {
    expect(table('users').checkConstraints).toEqual([
      { kind: 'check', name: 'users_score_positive', expression: '"score" >= 0' },
    ]);
    expect(table('tasks').checkConstraints?.[0].expression).toBe('"priority" between 1 and 5');
  });

  test('a single table, an array of tables', () => {
    expect(fromDrizzle(pgSchema.orgs).tables.map((t) => t.name)).toEqual(['orgs']);
    expect(fromDrizzle([pgSchema.orgs, pgSchema.teams]).tables.map((t) => t.name)).toEqual(['orgs', 'teams']);
    // enums reachable from a table come along even when not passed
    expect(fromDrizzle([pgSchema.users]).enums?.map((e) => e.name)).toEqual(['mood', 'role']);
  });

  test('rejects things that are not Drizzle tables', () => {
    expect(() => fromDrizzle({ a: 1, b: 'x' })).toThrow(SchemaSpecError);
    expect(() => drizzleTableDialect({})).toThrow('not a Drizzle table');
  });

  test('parameters in SQL defaults are inlined as literals', () => {
    const t = pgTable('p', { id: serial('id').primaryKey(), s: integer('s').default(sql`${5} + 1`) });
    expect(fromDrizzle(t).tables[0].columns[1].default).toBe('5 + 1');
  });
});

describe('fromDrizzle (sqlite-core, mysql-core)', () => {
  const lite = fromDrizzle(sqliteSchema);
  const my = fromDrizzle(mysqlSchema);

  test('sqlite dialect detection and column kinds', () => {
    expect(drizzleTableDialect(sqliteSchema.books)).toBe('sqlite');
    const authors = lite.tables.find((t) => t.name === 'authors')!;
    expect(authors.columns.map((c) => [c.name, c.type, c.nullable, c.default])).toEqual([
      ['id', 'integer', false, null],
      ['name', 'text', false, null],
      ['email', 'text(200)', false, null],
      ['active', 'integer', false, '1'],
      ['joined', 'integer', true, '(unixepoch())'],
      ['mentor_id', 'integer', true, null],
      ['rating', 'real', true, '0.5'],
    ]);
    expect(authors.columns[0].autoincrement).toBe(true);
    const books = lite.tables.find((t) => t.name === 'books')!;
    expect(books.indexes?.[1]).toEqual({
      name: 'books_published_idx',
      columns: ['author_id'],
      unique: false,
      where: '"published" = 1',
    });
    expect(lite.tables.find((t) => t.name === 'book_tags')?.primaryKey?.columns).toEqual(['book_id', 'tag']);
  });

  test('mysql dialect detection, serial spelled out, enum type, boolean default', () => {
    expect(drizzleTableDialect(mysqlSchema.orders)).toBe('mysql');
    const customers = my.tables.find((t) => t.name === 'customers')!;
    expect(customers.columns.find((c) => c.name === 'tier')).toMatchObject({
      type: "enum('free','pro','team')",
      default: "'free'",
    });
    expect(customers.columns.find((c) => c.name === 'vip')).toMatchObject({ type: 'boolean', default: '0' });
    const orders = my.tables.find((t) => t.name === 'orders')!;
    expect(orders.columns[0]).toMatchObject({ name: 'id', type: 'bigint unsigned', autoincrement: true });
  });

  test('a Drizzle database built with a schema gives its tables', async () => {
    const { drizzle } = await import('drizzle-orm/better-sqlite3');
    const db = drizzle(':memory:', { schema: sqliteSchema });
    expect(fromDrizzle(db).tables.map((t) => t.name)).toEqual(['authors', 'books', 'book_tags', 'reviews']);
    db.$client.close();
  });

  test('mixed cores in one array are allowed', () => {
    const t = sqliteTable('x', { a: text('a') });
    expect(fromDrizzle([t, pgSchema.orgs]).tables.map((x) => x.name)).toEqual(['x', 'orgs']);
  });
});
