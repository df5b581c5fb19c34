import { afterAll, beforeAll, expect, test } from 'vitest';
import { type AutogenOp, produceOps, renderOps } from '../../src/autogenerate/index.js';
import { introspect, type SchemaSpec, type TableSpec } from '../../src/schema/index.js';
import { describeEachDialect, testWhen } from '../support/databases.js';
import { applyOps, compareOpts, runRendered, type OpenDb, openDb, schemaDialect } from './helpers.js';

const base: SchemaSpec = {
  tables: [
    {
      name: 'account',
      columns: [
        { name: 'id', type: 'integer', primaryKey: true, autoincrement: true },
        { name: 'name', type: 'varchar(80)', nullable: false },
        { name: 'status', type: 'varchar(20)', nullable: false, default: "'open'" },
        { name: 'note', type: 'text' },
      ],
      indexes: [{ name: 'ix_account_name', columns: ['name'] }],
    },
    {
      name: 'item',
      columns: [
        { name: 'id', type: 'integer', primaryKey: true, autoincrement: true },
        { name: 'account_id', type: 'integer', nullable: false },
        { name: 'code', type: 'varchar(10)', nullable: false },
        { name: 'qty', type: 'integer', nullable: false, default: '0' },
      ],
      foreignKeys: [
        {
          kind: 'foreignKey',
          name: 'fk_item_account',
          columns: ['account_id'],
          referredTable: 'account',
          referredColumns: ['id'],
          onDelete: 'cascade',
        },
      ],
      // (code, account_id): on MySQL an index led by account_id would double as the FK's index and could not be dropped.
      uniqueConstraints: [{ kind: 'unique', name: 'uq_item_code', columns: ['code', 'account_id'] }],
      checkConstraints: [{ kind: 'check', name: 'ck_item_qty', expression: 'qty >= 0' }],
    },
  ],
};

function withTable(spec: SchemaSpec, name: string, fn: (t: TableSpec) => TableSpec): SchemaSpec {
  return { ...spec, tables: spec.tables.map((t) => (t.name === name ? fn(t) : t)) };
}

/** Kind and the main name of each op, for exact assertions. */
function summary(ops: readonly AutogenOp[]): string[] {
  return ops.map((op) => {
    switch (op.kind) {
      case 'createTable':
      case 'dropTable':
        return `${op.kind} ${op.table.name}`;
      case 'addColumn':
      case 'dropColumn':
        return `${op.kind} ${op.table}.${op.column.name}`;
      case 'alterColumn':
        return `${op.kind} ${op.table}.${op.column} ${JSON.stringify(op.changes)}`;
      case 'createIndex':
      case 'dropIndex':
        return `${op.kind} ${op.index.name}`;
      case 'createConstraint':
      case 'dropConstraint':
        return `${op.kind} ${op.constraint.kind} ${op.constraint.name}`;
      case 'createEnum':
      case 'dropEnum':
        return `${op.kind} ${op.enum.name}`;
      case 'addEnumValue':
        return `${op.kind} ${op.enum.name} ${op.value}`;
      default:
        return op.kind;
    }
  });
}

describeEachDialect('autogenerate mutations', (kind) => {
  const dialect = schemaDialect(kind);
  let o: OpenDb;
  let model = base;
  const read = () => introspect(o.conn);
  const diff = async (m: SchemaSpec) => produceOps(m, await read(), compareOpts(o.conn));

  /** Moves to `next`, checks the ops, applies them (unless the dialect needs a rebuild) and expects zero diffs after. */
  let steps = 0;
  async function step(next: SchemaSpec, expected: string[], apply = true) {
    const r = await diff(next);
    expect(summary(r.upgradeOps)).toEqual(expected);
    if (!apply) return r;
    // Alternate between running the op objects and running the rendered revision text.
    if (++steps % 2) await applyOps(o.conn, r.upgradeOps);
    else await runRendered(o.conn, r.upgradeOps);
    model = next;
    expect(summary((await diff(model)).upgradeOps)).toEqual([]);
    return r;
  }

  beforeAll(async () => {
    o = await openDb(kind);
  });
  afterAll(async () => {
    await o?.close();
  });

  test('create from an empty database, then zero diffs', async () => {
    await step(base, ['createTable account', 'createIndex ix_account_name', 'createTable item']);
  });

  test('add a table with a foreign key and an index', async () => {
    const next: SchemaSpec = {
      tables: [
        ...model.tables,
        {
          name: 'tag',
          columns: [
            { name: 'id', type: 'integer', primaryKey: true },
            { name: 'item_id', type: 'integer' },
            { name: 'label', type: 'varchar(30)', nullable: false, default: "'x'" },
          ],
          foreignKeys: [
            {
              kind: 'foreignKey',
              name: 'fk_tag_item',
              columns: ['item_id'],
              referredTable: 'item',
              referredColumns: ['id'],
              onDelete: 'set null',
            },
          ],
          indexes: [{ name: 'ix_tag_label', columns: ['label'], unique: true }],
        },
      ],
    };
    await step(next, ['createTable tag', 'createIndex ix_tag_label']);
  });

  test('add a column', async () => {
    const next = withTable(model, 'account', (t) => ({
      ...t,
      columns: [...t.columns, { name: 'score', type: 'integer', default: '5' }],
    }));
    const r = await step(next, ['addColumn account.score']);
    expect(r.destructive).toBe(false);
  });

  test('drop a column (destructive, with a rename hint when one is added)', async () => {
    const next = withTable(model, 'account', (t) => ({
      ...t,
      columns: [...t.columns.filter((c) => c.name !== 'note'), { name: 'remark', type: 'text' }],
    }));
    const r = await diff(next);
    expect(summary(r.upgradeOps)).toEqual(['addColumn account.remark', 'dropColumn account.note']);
    expect(r.destructive).toBe(true);
    const text = renderOps(r.upgradeOps);
    expect(text).toContain(
      `// Hint: "note" was dropped and "remark" added; if this is a rename, use op.alterColumn('account', 'note', { newColumnName: 'remark' })`,
    );
    expect(text).toContain('// DESTRUCTIVE: drops column "account"."note" and its data');
    await step(
      withTable(model, 'account', (t) => ({ ...t, columns: t.columns.filter((c) => c.name !== 'note') })),
      ['dropColumn account.note'],
    );
  });

  test('add, change and drop an index', async () => {
    let next = withTable(model, 'item', (t) => ({
      ...t,
      indexes: [{ name: 'ix_item_code', columns: ['code'] }],
    }));
    await step(next, ['createIndex ix_item_code']);
    next = withTable(model, 'item', (t) => ({
      ...t,
      indexes: [{ name: 'ix_item_code', columns: ['code', 'qty'] }],
    }));
    await step(next, ['dropIndex ix_item_code', 'createIndex ix_item_code']);
    if (dialect !== 'mysql') {
      next = withTable(model, 'item', (t) => ({
        ...t,
        indexes: [{ name: 'ix_item_code', columns: ['code', 'qty'], where: 'qty > 0' }],
      }));
      await step(next, ['dropIndex ix_item_code', 'createIndex ix_item_code']);
    }
    next = withTable(model, 'item', (t) => ({ ...t, indexes: [] }));
    await step(next, ['dropIndex ix_item_code']);
  });

  test('alter nullability, type, default', async () => {
    let next = withTable(model, 'account', (t) => ({
      ...t,
      columns: t.columns.map((c) => (c.name === 'score' ? { ...c, nullable: false } : c)),
    }));
    await step(next, ['alterColumn account.score {"nullable":false}']);
    next = withTable(model, 'account', (t) => ({
      ...t,
      columns: t.columns.map((c) => (c.name === 'name' ? { ...c, type: 'varchar(120)' } : c)),
    }));
    await step(next, ['alterColumn account.name {"type":"varchar(120)"}']);
    next = withTable(model, 'account', (t) => ({
      ...t,
      columns: t.columns.map((c) => (c.name === 'status' ? { ...c, default: "'closed'" } : c)),
    }));
    await step(next, [`alterColumn account.status {"default":"'closed'"}`]);
    next = withTable(model, 'account', (t) => ({
      ...t,
      columns: t.columns.map((c) => (c.name === 'status' ? { ...c, default: null } : c)),
    }));
    await step(next, ['alterColumn account.status {"default":null}']);
  });

  test('unique constraints, foreign keys and checks', async () => {
    let next = withTable(model, 'item', (t) => ({ ...t, uniqueConstraints: [] }));
    await step(next, ['dropConstraint unique uq_item_code']);
    next = withTable(model, 'item', (t) => ({
      ...t,
      uniqueConstraints: [{ kind: 'unique', name: 'uq_item_code', columns: ['code', 'account_id'] }],
    }));
    await step(next, ['createConstraint unique uq_item_code']);
    // A changed referential action is a different foreign key: drop + create.
    next = withTable(model, 'item', (t) => ({
      ...t,
      foreignKeys: t.foreignKeys!.map((f) => ({ ...f, onDelete: 'restrict' as const })),
    }));
    await step(next, [
      'dropConstraint foreignKey fk_item_account',
      'createConstraint foreignKey fk_item_account',
    ]);
    next = withTable(model, 'item', (t) => ({ ...t, checkConstraints: [] }));
    await step(next, ['dropConstraint check ck_item_qty']);
    next = withTable(model, 'item', (t) => ({
      ...t,
      checkConstraints: [{ kind: 'check', name: 'ck_item_qty2', expression: 'qty < 1000' }],
    }));
    await step(next, ['createConstraint check ck_item_qty2']);
  });

  testWhen(dialect !== 'sqlite')('table and column comments', async () => {
    let next = withTable(model, 'account', (t) => ({ ...t, comment: 'customer accounts' }));
    await step(next, ['createTableComment']);
    next = withTable(model, 'account', (t) => ({
      ...t,
      columns: t.columns.map((c) => (c.name === 'score' ? { ...c, comment: 'points' } : c)),
    }));
    await step(next, ['alterColumn account.score {"comment":"points"}']);
    next = withTable(model, 'account', (t) => ({ ...t, comment: null }));
    await step(next, ['dropTableComment']);
  });

  testWhen(dialect === 'postgresql')('postgresql enums', async () => {
    let next: SchemaSpec = {
      ...model,
      enums: [{ name: 'level', values: ['low', 'high'] }],
      tables: [
        ...model.tables,
        {
          name: 'alert',
          columns: [
            { name: 'id', type: 'integer', primaryKey: true },
            { name: 'lvl', type: 'level', default: "'low'" },
          ],
        },
      ],
    };
    await step(next, ['createEnum level', 'createTable alert']);
    next = { ...model, enums: [{ name: 'level', values: ['low', 'mid', 'high', 'max'] }] };
    const r = await step(next, ['addEnumValue level mid', 'addEnumValue level max']);
    expect(renderOps(r.upgradeOps)).toContain(
      `await op.alterEnumAddValue('level', 'mid', { after: 'low' });`,
    );
    next = { ...model, enums: [{ name: 'level', values: ['low', 'max'] }] };
    const removed = await diff(next);
    expect(summary(removed.upgradeOps)).toEqual(['dropEnum level', 'createEnum level']);
    expect(removed.hints[0]).toContain(`lost value(s) 'mid', 'high'`);
    next = { ...model, enums: [], tables: model.tables.filter((t) => t.name !== 'alert') };
    await step(next, ['dropTable alert', 'dropEnum level']);
  });

  test('drop a table; a dropped and an added table with the same columns get a rename hint', async () => {
    const tag = model.tables.find((t) => t.name === 'tag')!;
    const next: SchemaSpec = {
      ...model,
      tables: [
        ...model.tables.filter((t) => t.name !== 'tag'),
        { ...tag, name: 'label', indexes: [], foreignKeys: [] },
      ],
    };
    const r = await diff(next);
    expect(summary(r.upgradeOps)).toEqual(['createTable label', 'dropTable tag']);
    expect(r.hints).toEqual([
      `table "tag" was dropped and "label" created with the same columns; if this is a rename, use op.renameTable('tag', 'label')`,
    ]);
    await step({ ...model, tables: model.tables.filter((t) => t.name !== 'tag') }, ['dropTable tag']);
  });

  test('new tables that reference each other', async () => {
    const next: SchemaSpec = {
      ...model,
      tables: [
        ...model.tables,
        {
          name: 'person',
          columns: [
            { name: 'id', type: 'integer', primaryKey: true },
            { name: 'crew_id', type: 'integer' },
          ],
          foreignKeys: [
            {
              kind: 'foreignKey',
              name: 'fk_person_crew',
              columns: ['crew_id'],
              referredTable: 'crew',
              referredColumns: ['id'],
            },
          ],
        },
        {
          name: 'crew',
          columns: [
            { name: 'id', type: 'integer', primaryKey: true },
            { name: 'lead_id', type: 'integer' },
          ],
          foreignKeys: [
            {
              kind: 'foreignKey',
              name: 'fk_crew_lead',
              columns: ['lead_id'],
              referredTable: 'person',
              referredColumns: ['id'],
            },
          ],
        },
      ],
    };
    const r = await step(next, [
      'createTable crew',
      'createTable person',
      'createConstraint foreignKey fk_crew_lead',
    ]);
    // the downgrade takes them away again, and so does a model without them
    await runRendered(o.conn, r.downgradeOps);
    const without = {
      ...model,
      tables: model.tables.filter((t) => t.name !== 'person' && t.name !== 'crew'),
    };
    expect(summary((await diff(without)).upgradeOps)).toEqual([]);
    await runRendered(o.conn, r.upgradeOps);
    await step(without, ['dropConstraint foreignKey fk_person_crew', 'dropTable crew', 'dropTable person']);
  });

  test('downgrade ops undo the upgrade ops', async () => {
    const next = withTable(model, 'account', (t) => ({
      ...t,
      columns: [...t.columns, { name: 'extra', type: 'integer' }],
      indexes: [...(t.indexes ?? []), { name: 'ix_account_extra', columns: ['extra'] }],
    }));
    const r = await diff(next);
    expect(summary(r.upgradeOps)).toEqual(['addColumn account.extra', 'createIndex ix_account_extra']);
    expect(summary(r.downgradeOps)).toEqual(['dropIndex ix_account_extra', 'dropColumn account.extra']);
    await applyOps(o.conn, r.upgradeOps);
    await applyOps(o.conn, r.downgradeOps);
    expect(summary((await diff(model)).upgradeOps)).toEqual([]);
  });
});
