import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/dialects/index.js';
import { CreateTableOp, MigrateOperation, Operations } from '../../src/operations/index.js';
import { RetortError } from '../../src/util/errors.js';
import { offlineOps, onlineOps } from './helpers.js';

class CreateSequenceOp extends MigrateOperation {
  readonly kind = 'createSequence';
  constructor(readonly name: string) {
    super();
    Object.freeze(this);
  }
  override reverse(): DropSequenceOp {
    return new DropSequenceOp(this.name);
  }
}
class DropSequenceOp extends MigrateOperation {
  readonly kind = 'dropSequence';
  constructor(readonly name: string) {
    super();
    Object.freeze(this);
  }
}

declare module '../../src/operations/index.js' {
  interface Operations {
    createSequence(name: string): Promise<void>;
  }
}

describe('custom operations', () => {
  it('registerOperation + implementationFor', async () => {
    Operations.registerOperation('createSequence', (ops, name: string) =>
      ops.invoke(new CreateSequenceOp(name)),
    );
    Operations.implementationFor(CreateSequenceOp, (ops, op) =>
      ops.runStatements([`CREATE SEQUENCE ${ops.dialect.quoteIdentifier(op.name)}`]),
    );
    Operations.implementationFor(DropSequenceOp, (ops, op) =>
      ops.runStatements([`DROP SEQUENCE ${ops.dialect.quoteIdentifier(op.name)}`]),
    );
    const { op, out } = offlineOps('postgresql');
    await op.createSequence('s"q');
    await op.invoke(new CreateSequenceOp('x').reverse());
    expect(out).toEqual(['CREATE SEQUENCE "s""q"', 'DROP SEQUENCE "x"']);
    expect(() => Operations.implementationFor(CreateSequenceOp, () => {})).toThrow(/already registered/);
    expect(() => Operations.registerOperation('createTable', () => {})).toThrow(/already has a method/);
  });

  it('implementationFor(..., { replace: true }) overrides a built-in', async () => {
    const { op, out } = offlineOps('sqlite');
    Operations.implementationFor(CreateTableOp, (ops, o) => ops.runStatements([`-- create ${o.tableName}`]), {
      replace: true,
    });
    try {
      await op.createTable('t', [op.column('a', 'integer')]);
      expect(out).toEqual(['-- create t']);
    } finally {
      // put the built-in back for the other tests in this worker
      const { CreateTableOp: C } = await import('../../src/operations/index.js');
      Operations.implementationFor(
        C,
        (ops, o) => ops.runStatements(ops.dialect.compileDdl({ kind: 'createTable', table: o.table })),
        {
          replace: true,
        },
      );
    }
  });

  it('an op without an implementation is a clear error', async () => {
    class Nope extends MigrateOperation {
      readonly kind = 'nope';
    }
    const { op } = offlineOps('sqlite');
    await expect(op.invoke(new Nope())).rejects.toThrow(RetortError);
    await expect(op.invoke(new Nope())).rejects.toThrow('No implementation registered for Nope');
  });
});

describe('execute with Kysely', () => {
  it('runs query builders and sql templates online, inlines them offline', async () => {
    const engine = createEngine('sqlite::memory:');
    await engine.withConnection(async (conn) => {
      const op = onlineOps(conn);
      await op.createTable('k', [op.column('id', 'integer', { primaryKey: true }), op.column('s', 'text')]);
      await op.execute(op.kysely.insertInto('k').values({ id: 1, s: "x'y" }));
      await op.execute(sql`UPDATE k SET s = ${op.inlineLiteral('lit')} || s WHERE id = ${1}`);
      expect((await conn.execute('SELECT s FROM k')).rows[0]?.s).toBe("litx'y");
    });
    await engine.close();
    const { op, out } = offlineOps('mysql');
    await op.execute(op.kysely.insertInto('k').values({ id: 1, s: 'a\\b' }));
    await op.execute(sql`SELECT '?' AS q, ${'v'} AS v`);
    expect(out).toEqual(["insert into `k` (`id`, `s`) values (1, 'a\\\\b')", "SELECT '?' AS q, 'v' AS v"]);
    expect(() => op.getBind()).toThrow(/no database connection/);
  });
});
