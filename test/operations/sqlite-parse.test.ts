import { describe, expect, it } from 'vitest';
import { parseCreateIndex, parseCreateTable } from '../../src/operations/sqlite-reflect.js';
import { mentionsColumn, renameColumnsIn } from '../../src/operations/sql-tokens.js';

describe('SQLite CREATE text parsing', () => {
  it('reads names, checks and deferrability from table and column constraints', () => {
    const p = parseCreateTable(`CREATE TABLE "we""ird t" (
      id INTEGER CONSTRAINT pk_w PRIMARY KEY AUTOINCREMENT,
      "a b" TEXT CONSTRAINT uq_ab UNIQUE CHECK ("a b" <> 'x, y'),
      p INTEGER CONSTRAINT fk_p REFERENCES parent (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED NOT NULL,
      q INTEGER REFERENCES other,
      [br] TEXT, \`bt\` TEXT, -- comment, with comma
      CONSTRAINT ck_t CHECK (length("a b") < 10 AND (p > 0)),
      CONSTRAINT fk_q FOREIGN KEY (q) REFERENCES other (id) NOT DEFERRABLE,
      UNIQUE (br, bt)
    ) WITHOUT ROWID`);
    expect(p.pkName).toBe('pk_w');
    expect(p.autoincrementKeyword).toBe(true);
    expect(p.tableOptions).toBe('WITHOUT ROWID');
    expect(p.uniques).toEqual([
      { name: 'uq_ab', columns: ['a b'] },
      { name: null, columns: ['br', 'bt'] },
    ]);
    expect(p.checks).toEqual([
      { kind: 'check', name: null, expression: `"a b" <> 'x, y'` },
      { kind: 'check', name: 'ck_t', expression: 'length("a b") < 10 AND (p > 0)' },
    ]);
    expect(p.fks).toEqual([
      { name: 'fk_p', columns: ['p'], deferrable: true, initially: 'deferred' },
      { name: null, columns: ['q'], deferrable: null, initially: null },
      { name: 'fk_q', columns: ['q'], deferrable: false, initially: null },
    ]);
  });

  it('reads index columns, expressions and WHERE', () => {
    expect(
      parseCreateIndex('CREATE UNIQUE INDEX "ix" ON "t" ("a", lower(b) DESC) WHERE a > 0', 'ix', true),
    ).toEqual({
      name: 'ix',
      columns: ['a', 'lower(b) DESC'],
      expressions: [false, true],
      unique: true,
      where: 'a > 0',
    });
    expect(parseCreateIndex('CREATE INDEX IF NOT EXISTS main.ix ON t(a)', 'ix', false)).toEqual({
      name: 'ix',
      columns: ['a'],
      unique: false,
      where: null,
    });
  });

  it('renames column references in expressions, not strings or function names', () => {
    const q = (n: string) => `"${n}"`;
    expect(
      renameColumnsIn(`lower(name) = 'name' AND "name" <> length`, new Map([['name', 'title']]), q),
    ).toBe(`lower("title") = 'name' AND "title" <> length`);
    expect(renameColumnsIn('length(x) > 0', new Map([['length', 'len']]), q)).toBe('length(x) > 0');
    expect(mentionsColumn("code <> 'gone'", 'gone')).toBe(false);
    expect(mentionsColumn('"Gone" IS NULL', 'gone')).toBe(true);
  });
});
