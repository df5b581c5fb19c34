import { describe, expect, it } from 'vitest';
import {
  AddColumnOp,
  AlterColumnOp,
  AlterEnumAddValueOp,
  BatchAlterTableOp,
  BulkInsertOp,
  CreateCheckConstraintOp,
  CreateEnumOp,
  CreateForeignKeyOp,
  CreateIndexOp,
  CreatePrimaryKeyOp,
  CreateTableCommentOp,
  CreateTableOp,
  CreateUniqueConstraintOp,
  DropColumnOp,
  DropConstraintOp,
  DropEnumOp,
  DropIndexOp,
  DropTableCommentOp,
  DropTableOp,
  ExecuteSqlOp,
  ModifyTableOps,
  RenameTableOp,
  UpgradeOps,
  column,
  foreignKey,
  primaryKey,
} from '../../src/operations/index.js';
import { CommandError } from '../../src/util/errors.js';

const notReversible = (fn: () => unknown, re: RegExp = /^operation is not reversible/) => {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CommandError);
  expect((err as Error).message).toMatch(re);
};

describe('op objects', () => {
  it('are immutable', () => {
    const op = new AddColumnOp('t', column('c', 'integer'));
    expect(Object.isFrozen(op)).toBe(true);
    expect(() => {
      (op as { tableName: string }).tableName = 'x';
    }).toThrow();
  });

  it('createTable ↔ dropTable', () => {
    const op = CreateTableOp.fromElements(
      't',
      [column('id', 'integer'), primaryKey(['id'], { name: 'pk_t' })],
      {
        schema: 's',
        comment: 'c',
      },
    );
    expect(op.table.primaryKey).toEqual({ kind: 'primaryKey', name: 'pk_t', columns: ['id'] });
    const drop = op.reverse();
    expect(drop).toBeInstanceOf(DropTableOp);
    expect(drop.tableName).toBe('t');
    expect(drop.schema).toBe('s');
    expect(drop.reverse().table).toEqual(op.table);
    expect(op.toDiffTuple()).toEqual(['add_table', op.table]);
    expect(drop.toDiffTuple()).toEqual(['remove_table', op.table]);
    notReversible(() => new DropTableOp('t').reverse(), /original table is not present/);
  });

  it('renameTable reverses to the opposite rename', () => {
    const r = new RenameTableOp('a', 'b', { schema: 's' }).reverse();
    expect([r.tableName, r.newTableName, r.schema]).toEqual(['b', 'a', 's']);
  });

  it('addColumn ↔ dropColumn', () => {
    const c = column('x', 'string(5)', { nullable: false, serverDefault: "'a'" });
    const add = new AddColumnOp('t', c);
    const drop = add.reverse();
    expect(drop).toBeInstanceOf(DropColumnOp);
    expect(drop.existing).toEqual(c);
    expect(drop.reverse().column).toEqual(c);
    expect(add.toDiffTuple()).toEqual(['add_column', null, 't', c]);
    expect(drop.toDiffTuple()).toEqual(['remove_column', null, 't', c]);
    notReversible(
      () => new DropColumnOp('t', 'x').reverse(),
      /^operation is not reversible; original column is not present$/,
    );
  });

  it('alterColumn swaps modify and existing values', () => {
    const op = new AlterColumnOp('t', 'c', {
      type: 'text',
      existingType: 'varchar(5)',
      nullable: false,
      existingNullable: true,
      serverDefault: "'x'",
      existingServerDefault: null,
      comment: 'new',
      existingComment: 'old',
    });
    const r = op.reverse();
    expect(r.modifyType).toBe('varchar(5)');
    expect(r.existingType).toBe('text');
    expect(r.modifyNullable).toBe(true);
    expect(r.existingNullable).toBe(false);
    expect(r.modifyServerDefault).toBeNull();
    expect(r.existingServerDefault).toBe("'x'");
    expect(r.modifyComment).toBe('old');
    expect(r.reverse().toOptions()).toMatchObject({
      type: 'text',
      nullable: false,
      serverDefault: "'x'",
      comment: 'new',
    });
    expect(op.toDiffTuple().map((d) => d[0])).toEqual([
      'modify_type',
      'modify_nullable',
      'modify_default',
      'modify_comment',
    ]);
    expect(op.toDiffTuple()[0]).toEqual([
      'modify_type',
      null,
      't',
      'c',
      { existingNullable: true, existingServerDefault: null, existingComment: 'old' },
      'varchar(5)',
      'text',
    ]);
  });

  it('alterColumn: unknown existing values give no reverse change; renames reverse', () => {
    const r = new AlterColumnOp('t', 'c', { type: 'text', newColumnName: 'd' }).reverse();
    expect(r.columnName).toBe('d');
    expect(r.modifyName).toBe('c');
    expect(r.modifyType).toBeUndefined();
    expect(r.hasChanges()).toBe(true);
    expect(() => new AlterColumnOp('t', 'c', { postgresqlUsing: 'c::int' })).toThrow(
      'postgresql_using must be used with the type_ parameter',
    );
  });

  it('createIndex ↔ dropIndex', () => {
    const op = new CreateIndexOp('ix', 't', ['a', 'lower(b)'], {
      unique: true,
      where: 'a > 0',
      expressions: [false, true],
    });
    const drop = op.reverse();
    expect(drop.tableName).toBe('t');
    const again = drop.reverse();
    expect(again.toIndex()).toEqual(op.toIndex());
    expect(op.toDiffTuple()[0]).toBe('add_index');
    expect(drop.toDiffTuple()[0]).toBe('remove_index');
    notReversible(() => new DropIndexOp('ix', { tableName: 't' }).reverse(), /original index is not present/);
  });

  it('constraints ↔ dropConstraint', () => {
    const ops = [
      new CreateUniqueConstraintOp('uq', 't', ['a']),
      new CreatePrimaryKeyOp('pk', 't', ['id']),
      new CreateCheckConstraintOp('ck', 't', 'a > 0'),
      new CreateForeignKeyOp('fk', 't', 'p', ['pid'], ['id'], {
        onDelete: 'cascade',
        deferrable: true,
        initially: 'deferred',
      }),
    ];
    const types = ['unique', 'primary', 'check', 'foreignkey'];
    ops.forEach((op, i) => {
      const drop = op.reverse();
      expect(drop).toBeInstanceOf(DropConstraintOp);
      expect(drop.type).toBe(types[i]);
      const back = drop.reverse();
      expect(back.constructor).toBe(op.constructor);
      expect(back.toConstraint()).toEqual(op.toConstraint());
    });
    expect(ops[0]?.toDiffTuple()[0]).toBe('add_constraint');
    expect(ops[3]?.toDiffTuple()[0]).toBe('add_fk');
    expect(ops[3]?.reverse().toDiffTuple()[0]).toBe('remove_fk');
    notReversible(
      () => new DropConstraintOp('x', 't').reverse(),
      /^constraint cannot be produced; original constraint is not present$/,
    );
    notReversible(() => new CreateUniqueConstraintOp(null, 't', ['a']).reverse());
  });

  it('table comments', () => {
    const create = new CreateTableCommentOp('t', 'new');
    expect(create.reverse()).toBeInstanceOf(DropTableCommentOp);
    expect((create.reverse() as DropTableCommentOp).existingComment).toBe('new');
    const replace = new CreateTableCommentOp('t', 'new', {
      existingComment: 'old',
    }).reverse() as CreateTableCommentOp;
    expect([replace.comment, replace.existingComment]).toEqual(['old', 'new']);
    expect(new DropTableCommentOp('t', { existingComment: 'old' }).reverse().comment).toBe('old');
    expect(create.toDiffTuple()[0]).toBe('add_table_comment');
  });

  it('enums', () => {
    const c = new CreateEnumOp('mood', ['a', 'b']);
    expect(c.reverse().existingValues).toEqual(['a', 'b']);
    expect(c.reverse().reverse().values).toEqual(['a', 'b']);
    notReversible(() => new DropEnumOp('mood').reverse());
    notReversible(() => new AlterEnumAddValueOp('mood', 'c').reverse());
  });

  it('execute and bulkInsert are not reversible', () => {
    notReversible(() => new ExecuteSqlOp('select 1').reverse());
    notReversible(() => new BulkInsertOp('t', [{ a: 1 }]).reverse());
    expect(new ExecuteSqlOp('select 1').toDiffTuple()).toEqual(['execute', 'select 1']);
  });

  it('containers reverse in reverse order', () => {
    const up = new UpgradeOps([
      new ModifyTableOps('t', [
        new AddColumnOp('t', column('a', 'integer')),
        new CreateIndexOp('ix', 't', ['a']),
      ]),
      CreateTableOp.fromElements('u', [column('id', 'integer')]),
    ]);
    const down = up.reverse();
    expect(down.ops[0]).toBeInstanceOf(DropTableOp);
    const mod = down.ops[1] as ModifyTableOps;
    expect(mod.ops.map((o) => o.kind)).toEqual(['dropIndex', 'dropColumn']);
    expect(up.asDiffs().map((d) => d[0])).toEqual(['add_column', 'add_index', 'add_table']);
    const batch = new BatchAlterTableOp('t', [new AddColumnOp('t', column('a', 'integer'))], {
      recreate: 'always',
    });
    expect(batch.reverse()).toBeInstanceOf(BatchAlterTableOp);
    expect(batch.reverse().recreate).toBe('always');
  });

  it('foreignKey element', () => {
    expect(foreignKey(['a'], 'p', ['id'], { name: 'fk', onUpdate: 'set null' })).toMatchObject({
      kind: 'foreignKey',
      name: 'fk',
      onUpdate: 'set null',
    });
  });
});
