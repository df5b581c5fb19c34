import { describe, expect, test } from 'vitest';
import { fromPlain, SchemaSpecError } from '../../src/schema/index.js';

describe('fromPlain', () => {
  test('normalises: inline primary key folded into the table, PK columns NOT NULL, lists present', () => {
    const spec = fromPlain({
      tables: [
        {
          name: 'user',
          columns: [
            { name: 'id', type: 'integer', primaryKey: true, autoincrement: true, nullable: true },
            { name: 'name', type: 'varchar(80)' },
          ],
        },
      ],
    });
    expect(spec).toEqual({
      tables: [
        {
          name: 'user',
          schema: null,
          columns: [
            {
              name: 'id',
              type: 'integer',
              nullable: false,
              default: null,
              autoincrement: true,
              comment: null,
            },
            {
              name: 'name',
              type: 'varchar(80)',
              nullable: true,
              default: null,
              autoincrement: false,
              comment: null,
            },
          ],
          primaryKey: { kind: 'primaryKey', name: null, columns: ['id'] },
          uniqueConstraints: [],
          foreignKeys: [],
          checkConstraints: [],
          indexes: [],
          comment: null,
        },
      ],
      enums: [],
    });
  });

  test('referential actions are lower-cased', () => {
    const spec = fromPlain({
      tables: [
        { name: 'a', columns: [{ name: 'id', type: 'integer', primaryKey: true }] },
        {
          name: 'b',
          columns: [{ name: 'a_id', type: 'integer' }],
          foreignKeys: [
            {
              kind: 'foreignKey',
              columns: ['a_id'],
              referredTable: 'a',
              referredColumns: ['id'],
              onDelete: 'CASCADE' as any,
            },
          ],
        },
      ],
    });
    expect(spec.tables[1].foreignKeys?.[0].onDelete).toBe('cascade');
  });

  const bad: [string, unknown, string][] = [
    ['no tables array', {}, 'expected an object with a "tables" array'],
    ['empty table name', { tables: [{ name: '', columns: [] }] }, 'table name must be a non-empty string'],
    [
      'missing type',
      { tables: [{ name: 't', columns: [{ name: 'a' }] }] },
      't.a: type must be a non-empty string',
    ],
    [
      'duplicate column',
      {
        tables: [
          {
            name: 't',
            columns: [
              { name: 'a', type: 'int' },
              { name: 'a', type: 'int' },
            ],
          },
        ],
      },
      'duplicate column "a"',
    ],
    [
      'unknown PK column',
      {
        tables: [
          {
            name: 't',
            columns: [{ name: 'a', type: 'int' }],
            primaryKey: { kind: 'primaryKey', columns: ['b'] },
          },
        ],
      },
      'primary key names unknown column "b"',
    ],
    [
      'index on unknown column is allowed only as expression? (names checked for FKs)',
      {
        tables: [
          {
            name: 't',
            columns: [{ name: 'a', type: 'int' }],
            foreignKeys: [
              { kind: 'foreignKey', columns: ['a'], referredTable: 'x', referredColumns: ['id', 'k'] },
            ],
          },
        ],
      },
      'foreign key columns and referredColumns differ in length',
    ],
    [
      'bad action',
      {
        tables: [
          {
            name: 't',
            columns: [{ name: 'a', type: 'int' }],
            foreignKeys: [
              {
                kind: 'foreignKey',
                columns: ['a'],
                referredTable: 'x',
                referredColumns: ['id'],
                onDelete: 'explode',
              },
            ],
          },
        ],
      },
      'onDelete must be one of',
    ],
    [
      'default not text',
      { tables: [{ name: 't', columns: [{ name: 'a', type: 'int', default: 5 }] }] },
      'default must be SQL text',
    ],
    [
      'table twice',
      {
        tables: [
          { name: 't', columns: [] },
          { name: 't', columns: [] },
        ],
      },
      't: table declared twice',
    ],
    [
      'enum duplicate value',
      { tables: [], enums: [{ name: 'e', values: ['a', 'a'] }] },
      'enum e: duplicate value',
    ],
  ];
  test.each(bad)('rejects %s', (_n, input, message) => {
    expect(() => fromPlain(input as any)).toThrow(SchemaSpecError);
    expect(() => fromPlain(input as any)).toThrow(message);
  });
});
