import { describe, expect, test } from 'vitest';
import {
  canonicalDefault,
  canonicalType,
  compareSchemas,
  produceOps,
  typesDiffer,
} from '../../src/autogenerate/index.js';
import type { SchemaSpec } from '../../src/schema/index.js';

describe('type normalisation: an up-to-date database never differs', () => {
  const same: [string, string, 'sqlite' | 'postgresql' | 'mysql'][] = [
    ['int4', 'integer', 'postgresql'],
    ['serial', 'integer', 'postgresql'],
    ['bigserial', 'bigint', 'postgresql'],
    ['varchar(80)', 'character varying(80)', 'postgresql'],
    ['varchar', 'character varying(80)', 'postgresql'],
    ['timestamp', 'timestamp without time zone', 'postgresql'],
    ['timestamp with time zone', 'timestamptz', 'postgresql'],
    ['timestamp (3) with time zone', 'timestamp(3) with time zone', 'postgresql'],
    ['numeric(10, 2)', 'numeric(10,2)', 'postgresql'],
    ['decimal(10,2)', 'numeric(10,2)', 'postgresql'],
    ['bool', 'boolean', 'postgresql'],
    ['float8', 'double precision', 'postgresql'],
    ['int4[]', 'integer[]', 'postgresql'],
    ['"Mood"', 'Mood', 'postgresql'],
    ['char(3)', 'character(3)', 'postgresql'],
    ['int(11)', 'int', 'mysql'],
    ['INTEGER', 'int(11)', 'mysql'],
    ['tinyint(1)', 'boolean', 'mysql'],
    ['BOOL', 'tinyint(1)', 'mysql'],
    ['json', 'longtext', 'mysql'],
    ['bigint(20) unsigned', 'bigint unsigned', 'mysql'],
    ["enum('a','b')", "enum('b','a')", 'mysql'],
    ['decimal(10,2)', 'numeric(10,2)', 'mysql'],
    ['VARCHAR(10)', 'varchar(10)', 'sqlite'],
    ['INT', 'integer', 'sqlite'],
  ];
  test.each(same)('%s = %s (%s)', (a, b, d) => {
    expect(typesDiffer(a, b, d)).toBe(false);
  });

  const different: [string, string, 'sqlite' | 'postgresql' | 'mysql'][] = [
    ['varchar(80)', 'varchar(120)', 'postgresql'],
    ['integer', 'bigint', 'postgresql'],
    ['timestamp', 'timestamptz', 'postgresql'],
    ['numeric(10,2)', 'numeric(12,2)', 'postgresql'],
    ['text', 'varchar(10)', 'sqlite'],
    ['tinyint(4)', 'boolean', 'mysql'],
    ["enum('a','b')", "enum('a','c')", 'mysql'],
    ['int', 'int unsigned', 'mysql'],
  ];
  test.each(different)('%s ≠ %s (%s)', (a, b, d) => {
    expect(typesDiffer(a, b, d)).toBe(true);
  });

  test('canonical forms', () => {
    expect(canonicalType('timestamp(3) with time zone', 'postgresql')).toEqual({
      base: 'timestamptz',
      args: ['3'],
    });
    expect(canonicalType('int(11)', 'mysql')).toEqual({ base: 'int', args: null });
  });
});

describe('server default normalisation', () => {
  const same: [string | null, string | null, 'sqlite' | 'postgresql' | 'mysql'][] = [
    ["'x'", "'x'::character varying", 'postgresql'],
    ["'a'", "'a'::mood", 'postgresql'],
    ['-1', "'-1'::integer", 'postgresql'],
    ['0', '(0)', 'sqlite'],
    ["'0.00'", '0', 'postgresql'],
    [`'{"a":1}'`, `'{"a": 1}'::jsonb`, 'postgresql'],
    ['now()', 'CURRENT_TIMESTAMP', 'postgresql'],
    ['now()', 'current_timestamp()', 'mysql'],
    ['true', '1', 'mysql'],
    ['false', '0', 'sqlite'],
    ["(datetime('now'))", "datetime('now')", 'sqlite'],
    [null, 'NULL', 'mysql'],
    ["'{}'", "'{}'::text[]", 'postgresql'],
  ];
  test.each(same)('%s = %s (%s)', (a, b, d) => {
    expect(canonicalDefault(a, d)).toBe(canonicalDefault(b, d));
  });
  test('quoted text keeps its case and spaces', () => {
    expect(canonicalDefault("'Hello World'", 'postgresql')).toBe("'Hello World'");
    expect(canonicalDefault("'Hello World'", 'postgresql')).not.toBe(
      canonicalDefault("'hello world'", 'postgresql'),
    );
  });
});

const db: SchemaSpec = {
  tables: [
    {
      name: 'user',
      columns: [
        { name: 'id', type: 'integer', primaryKey: true },
        { name: 'name', type: 'text', default: "'a'" },
      ],
    },
    { name: 'legacy', columns: [{ name: 'id', type: 'integer' }] },
  ],
};
const meta: SchemaSpec = {
  tables: [
    {
      name: 'user',
      columns: [
        { name: 'id', type: 'integer', primaryKey: true },
        { name: 'name', type: 'varchar(10)', default: "'b'" },
      ],
    },
  ],
};

describe('options', () => {
  test('defaults: types and server defaults are compared', () => {
    const diffs = compareSchemas(meta, db, { dialect: 'sqlite' });
    expect(diffs.map((d) => (Array.isArray(d[0]) ? (d as unknown[][]).map((m) => m[0]) : d[0]))).toEqual([
      ['modify_type', 'modify_default'],
      'remove_table',
    ]);
    expect(diffs.destructive).toBe(true);
  });

  test('compareType / compareServerDefault false', () => {
    const diffs = compareSchemas(meta, db, {
      dialect: 'sqlite',
      compareType: false,
      compareServerDefault: false,
    });
    expect(diffs.map((d) => d[0])).toEqual(['remove_table']);
  });

  test('compareType / compareServerDefault functions decide first', () => {
    const seen: string[] = [];
    const diffs = compareSchemas(meta, db, {
      dialect: 'sqlite',
      compareType: (_i, _m, it, mt) => {
        seen.push(`${it}->${mt}`);
        return false;
      },
      compareServerDefault: () => undefined,
    });
    expect(seen).toContain('text->varchar(10)');
    expect((diffs[0] as unknown[][]).map((m) => m[0])).toEqual(['modify_default']);
  });

  test('includeObject and includeName filter objects', () => {
    const calls: unknown[][] = [];
    const diffs = compareSchemas(meta, db, {
      dialect: 'sqlite',
      includeObject: (_o, name, type, reflected, compareTo) => {
        calls.push([name, type, reflected, compareTo === null ? null : 'obj']);
        return !(type === 'column' && name === 'name');
      },
      includeName: (name, type) => !(type === 'table' && name === 'legacy'),
    });
    expect([...diffs]).toEqual([]);
    expect(calls).toContainEqual(['user', 'table', false, 'obj']);
    expect(calls).toContainEqual(['name', 'column', false, 'obj']);
  });

  test('excludeTables, and metadata in the default schema counts as unqualified', () => {
    const pgMeta: SchemaSpec = { tables: [{ ...meta.tables[0], schema: 'public' }] };
    const diffs = compareSchemas(pgMeta, db, {
      dialect: 'postgresql',
      compareType: false,
      compareServerDefault: false,
      excludeTables: ['legacy'],
    });
    expect([...diffs]).toEqual([]);
  });

  test('includeSchemas: tables in other schemas are ignored unless asked for', () => {
    const m: SchemaSpec = {
      tables: [...meta.tables, { name: 'x', schema: 'other', columns: [{ name: 'id', type: 'integer' }] }],
    };
    const base = {
      dialect: 'postgresql' as const,
      compareType: false,
      compareServerDefault: false,
      excludeTables: ['legacy'],
    };
    expect([...compareSchemas(m, db, base)]).toEqual([]);
    expect(compareSchemas(m, db, { ...base, includeSchemas: true }).map((d) => d[0])).toEqual(['add_table']);
  });

  test('unnamed unique constraints match by columns; foreign keys by signature, not name', () => {
    const a: SchemaSpec = {
      tables: [
        { name: 'p', columns: [{ name: 'id', type: 'integer', primaryKey: true }] },
        {
          name: 'c',
          columns: [
            { name: 'id', type: 'integer', primaryKey: true },
            { name: 'p_id', type: 'integer' },
          ],
          uniqueConstraints: [{ kind: 'unique', columns: ['p_id'] }],
          foreignKeys: [
            {
              kind: 'foreignKey',
              name: 'meta_name',
              columns: ['p_id'],
              referredTable: 'p',
              referredColumns: ['id'],
            },
          ],
        },
      ],
    };
    const b: SchemaSpec = {
      tables: [
        a.tables[0],
        {
          ...a.tables[1],
          uniqueConstraints: [{ kind: 'unique', name: 'c_p_id_key', columns: ['p_id'] }],
          foreignKeys: [
            {
              kind: 'foreignKey',
              name: 'db_name',
              columns: ['p_id'],
              referredTable: 'p',
              referredColumns: ['id'],
              onDelete: 'no action',
            },
          ],
        },
      ],
    };
    expect([...compareSchemas(a, b, { dialect: 'postgresql' })]).toEqual([]);
  });

  test('same input, same ops (deterministic)', () => {
    const one = produceOps(meta, db, { dialect: 'postgresql' });
    const two = produceOps(meta, db, { dialect: 'postgresql' });
    expect(two).toEqual(one);
  });
});

describe('table order', () => {
  test('a foreign key cycle between new tables is closed after both exist', () => {
    const spec: SchemaSpec = {
      tables: [
        {
          name: 'person',
          columns: [
            { name: 'id', type: 'integer', primaryKey: true },
            { name: 'team_id', type: 'integer' },
          ],
          foreignKeys: [
            {
              kind: 'foreignKey',
              name: 'fk_person_team',
              columns: ['team_id'],
              referredTable: 'team',
              referredColumns: ['id'],
            },
          ],
        },
        {
          name: 'team',
          columns: [
            { name: 'id', type: 'integer', primaryKey: true },
            { name: 'owner_id', type: 'integer' },
          ],
          foreignKeys: [
            {
              kind: 'foreignKey',
              name: 'fk_team_owner',
              columns: ['owner_id'],
              referredTable: 'person',
              referredColumns: ['id'],
            },
          ],
        },
      ],
    };
    const r = produceOps(spec, { tables: [] }, { dialect: 'postgresql' });
    expect(
      r.upgradeOps.map((op) =>
        op.kind === 'createTable'
          ? `create ${op.table.name} fks=${(op.table.foreignKeys ?? []).map((f) => f.name).join(',')}`
          : op.kind === 'createConstraint'
            ? `add ${op.constraint.name}`
            : op.kind,
      ),
    ).toEqual(['create team fks=', 'create person fks=fk_person_team', 'add fk_team_owner']);
    // downgrade removes the late foreign key first
    expect(r.downgradeOps.map((op) => op.kind)).toEqual(['dropConstraint', 'dropTable', 'dropTable']);
  });
});

describe('dropping tables', () => {
  test('a foreign key cycle between dropped tables is cut first; the downgrade restores it last', () => {
    const db: SchemaSpec = {
      tables: [
        {
          name: 'person',
          columns: [
            { name: 'id', type: 'integer', primaryKey: true },
            { name: 'team_id', type: 'integer' },
          ],
          foreignKeys: [
            {
              kind: 'foreignKey',
              name: 'fk_person_team',
              columns: ['team_id'],
              referredTable: 'team',
              referredColumns: ['id'],
            },
          ],
        },
        {
          name: 'team',
          columns: [
            { name: 'id', type: 'integer', primaryKey: true },
            { name: 'owner_id', type: 'integer' },
          ],
          foreignKeys: [
            {
              kind: 'foreignKey',
              name: 'fk_team_owner',
              columns: ['owner_id'],
              referredTable: 'person',
              referredColumns: ['id'],
            },
          ],
        },
      ],
    };
    const r = produceOps({ tables: [] }, db, { dialect: 'postgresql' });
    const show = (op: (typeof r.upgradeOps)[number]) =>
      op.kind === 'dropTable' || op.kind === 'createTable'
        ? `${op.kind} ${op.table.name} fks=${(op.table.foreignKeys ?? []).map((f) => f.name).join(',')}`
        : op.kind === 'dropConstraint' || op.kind === 'createConstraint'
          ? `${op.kind} ${op.constraint.name}`
          : op.kind;
    expect(r.upgradeOps.map(show)).toEqual([
      'dropConstraint fk_team_owner',
      'dropTable person fks=fk_person_team',
      'dropTable team fks=',
    ]);
    expect(r.downgradeOps.map(show)).toEqual([
      'createTable team fks=',
      'createTable person fks=fk_person_team',
      'createConstraint fk_team_owner',
    ]);
  });
});
