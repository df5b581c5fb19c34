import { expect, test } from 'vitest';
import { parseCreateIndex, parseCreateTable, splitTopLevel } from '../../src/schema/sqlite-ddl-parse.js';

test('doubled quotes inside literals do not end the literal (found by the property test)', () => {
  const sql = `CREATE TABLE "t" (
    "c0" varchar(40) NOT NULL DEFAULT 'it''s, (really)',
    "ref_id" INTEGER,
    CONSTRAINT "fk_t_ref" FOREIGN KEY ("ref_id") REFERENCES "p" ("id") ON DELETE CASCADE,
    CONSTRAINT "we""ird" UNIQUE ("c0"),
    CONSTRAINT ck CHECK (c0 <> 'a,b')
  )`;
  const p = parseCreateTable(sql);
  expect(p.namedForeignKeys).toEqual([{ name: 'fk_t_ref', columns: ['ref_id'] }]);
  expect(p.namedUniques).toEqual([{ name: 'we"ird', columns: ['c0'] }]);
  expect(p.checks).toEqual([{ name: 'ck', expression: "c0 <> 'a,b'" }]);
  expect(splitTopLevel("a 'x''y, z', b")).toEqual(["a 'x''y, z'", 'b']);
});

test('column-level named checks and partial index predicates', () => {
  const p = parseCreateTable(
    `CREATE TABLE t (a INTEGER CONSTRAINT a_pos CHECK (a > 0), b TEXT CHECK (length(b) < 5))`,
  );
  expect(p.checks).toEqual([
    { name: 'a_pos', expression: 'a > 0' },
    { name: null, expression: 'length(b) < 5' },
  ]);
  expect(parseCreateIndex(`CREATE INDEX ix ON t (lower(b), a DESC) WHERE a > 0`)).toEqual({
    columns: ['lower(b)', 'a'],
    where: 'a > 0',
  });
});
