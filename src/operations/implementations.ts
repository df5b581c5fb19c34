import type { CompiledQuery } from 'kysely';
import {
  type Compilable,
  compileOffline,
  type DdlNode,
  SqliteRebuildRequiredError,
} from '../dialects/index.js';
import { RetortError } from '../util/errors.js';
import { type BatchHost, rebuildTable, runBatch, sqliteRequiresRecreate } from './batch-rebuild.js';
import { AddColumnOp, AlterColumnOp, DropColumnOp } from './column-ops.js';
import { AddConstraintOp, DropConstraintOp } from './constraint-ops.js';
import { BatchAlterTableOp, DowngradeOps, ModifyTableOps, UpgradeOps } from './container-ops.js';
import { inlineLiteralValue, isInlineLiteral } from './elements.js';
import { CreateIndexOp, DropIndexOp } from './index-ops.js';
import type { MigrateOperation } from './migrate-operation.js';
import { AlterEnumAddValueOp, BulkInsertOp, CreateEnumOp, DropEnumOp, ExecuteSqlOp } from './misc-ops.js';
import { registerImplementation } from './registry.js';
import {
  CreateTableCommentOp,
  CreateTableOp,
  DropTableCommentOp,
  DropTableOp,
  RenameTableOp,
} from './table-ops.js';

async function runDdl(host: BatchHost, node: DdlNode): Promise<void> {
  await host.runStatements(host.context.dialect.compileDdl(node));
}

/**
 * On SQLite, ALTERs that SQLite lacks become a table rebuild online; offline they fail with
 * the dialect's message (there is no table definition to rebuild from).
 */
async function ddlOrRebuild(
  host: BatchHost,
  node: DdlNode,
  op: MigrateOperation,
  table: string,
  schema: string | null,
) {
  let statements: string[];
  try {
    statements = host.context.dialect.compileDdl(node);
  } catch (e) {
    if (e instanceof SqliteRebuildRequiredError && !host.context.asSql) {
      await rebuildTable(host, table, schema, [op], null);
      return;
    }
    throw e;
  }
  await host.runStatements(statements);
}

registerImplementation(CreateTableOp, (h: BatchHost, op) =>
  runDdl(h, { kind: 'createTable', table: op.table, ifNotExists: op.ifNotExists }),
);
registerImplementation(DropTableOp, (h: BatchHost, op) =>
  runDdl(h, { kind: 'dropTable', table: op.tableName, schema: op.schema, ifExists: op.ifExists }),
);
registerImplementation(RenameTableOp, (h: BatchHost, op) =>
  runDdl(h, { kind: 'renameTable', table: op.tableName, newName: op.newTableName, schema: op.schema }),
);
registerImplementation(AddColumnOp, async (h: BatchHost, op) => {
  if (h.context.dialect.name === 'sqlite' && !h.context.asSql && sqliteRequiresRecreate(op)) {
    // SQLite cannot ADD COLUMN with an expression default.
    await rebuildTable(h, op.tableName, op.schema, [op], null);
    return;
  }
  await runDdl(h, {
    kind: 'addColumn',
    table: op.tableName,
    schema: op.schema,
    column: op.column,
    ifNotExists: op.ifNotExists,
  });
});
registerImplementation(DropColumnOp, async (h: BatchHost, op) => {
  const node: DdlNode = {
    kind: 'dropColumn',
    table: op.tableName,
    schema: op.schema,
    column: op.columnName,
    ifExists: op.ifExists,
  };
  if (h.context.dialect.name !== 'sqlite' || h.context.asSql) {
    await runDdl(h, node);
    return;
  }
  // SQLite's DROP COLUMN refuses columns used by an index, a key or a CHECK: rebuild then.
  try {
    await runDdl(h, node);
  } catch (e) {
    if (!/cannot drop|error in|no such column/i.test(String((e as Error)?.message))) throw e;
    await rebuildTable(h, op.tableName, op.schema, [op], null);
  }
});
registerImplementation(AlterColumnOp, (h: BatchHost, op) =>
  ddlOrRebuild(
    h,
    {
      kind: 'alterColumn',
      table: op.tableName,
      schema: op.schema,
      column: op.columnName,
      ...(op.modifyNullable !== undefined ? { nullable: op.modifyNullable } : {}),
      ...(op.modifyType !== undefined ? { type: op.modifyType } : {}),
      ...(op.modifyServerDefault !== undefined ? { default: op.modifyServerDefault } : {}),
      ...(op.modifyName !== undefined ? { newName: op.modifyName } : {}),
      ...(op.modifyComment !== undefined ? { comment: op.modifyComment } : {}),
      ...(op.using !== undefined ? { using: op.using } : {}),
      ...(op.modifyAutoincrement !== undefined ? { autoincrement: op.modifyAutoincrement } : {}),
      existingType: op.existingType,
      existingNullable: op.existingNullable,
      existingDefault: op.existingServerDefault ?? null,
      existingComment: op.existingComment,
      existingAutoincrement: op.existingAutoincrement,
    },
    op,
    op.tableName,
    op.schema,
  ),
);
registerImplementation(CreateIndexOp, (h: BatchHost, op) =>
  runDdl(h, {
    kind: 'createIndex',
    table: op.tableName,
    schema: op.schema,
    index: op.toIndex(),
    ifNotExists: op.ifNotExists,
  }),
);
registerImplementation(DropIndexOp, (h: BatchHost, op) =>
  runDdl(h, {
    kind: 'dropIndex',
    name: op.indexName,
    table: op.tableName,
    schema: op.schema,
    ifExists: op.ifExists,
  }),
);
registerImplementation(AddConstraintOp, (h: BatchHost, op) =>
  ddlOrRebuild(
    h,
    { kind: 'addConstraint', table: op.tableName, schema: op.schema, constraint: op.toConstraint() },
    op,
    op.tableName,
    op.schema,
  ),
);
registerImplementation(DropConstraintOp, (h: BatchHost, op) =>
  ddlOrRebuild(
    h,
    {
      kind: 'dropConstraint',
      table: op.tableName,
      schema: op.schema,
      name: op.constraintName,
      type: op.type,
      ifExists: op.ifExists,
    },
    op,
    op.tableName,
    op.schema,
  ),
);
registerImplementation(CreateTableCommentOp, (h: BatchHost, op) =>
  runDdl(h, { kind: 'setTableComment', table: op.tableName, schema: op.schema, comment: op.comment }),
);
registerImplementation(DropTableCommentOp, (h: BatchHost, op) =>
  runDdl(h, { kind: 'setTableComment', table: op.tableName, schema: op.schema, comment: null }),
);
registerImplementation(CreateEnumOp, (h: BatchHost, op) =>
  runDdl(h, { kind: 'createEnum', enum: op.toEnum() }),
);
registerImplementation(DropEnumOp, (h: BatchHost, op) =>
  runDdl(h, { kind: 'dropEnum', name: op.name, schema: op.schema, ifExists: op.ifExists }),
);
registerImplementation(AlterEnumAddValueOp, (h: BatchHost, op) =>
  runDdl(h, {
    kind: 'alterEnumAddValue',
    name: op.name,
    schema: op.schema,
    value: op.value,
    before: op.before,
    after: op.after,
    ifNotExists: op.ifNotExists,
  }),
);
registerImplementation(ExecuteSqlOp, async (h: BatchHost, op) => {
  const ctx = h.context;
  const q = op.sqltext;
  if (typeof q === 'string') {
    await h.runStatements([q]);
    return;
  }
  if (ctx.asSql) {
    ctx.emit(compileOffline(q as Compilable, ctx.dialect));
    return;
  }
  const conn = ctx.connection;
  if (!conn) throw new RetortError('op.execute needs a database connection (the context has none)');
  const compiled: CompiledQuery =
    'compile' in q && typeof q.compile === 'function' ? q.compile(conn.kysely) : (q as CompiledQuery);
  await conn.execute(compiled.sql, compiled.parameters);
});
registerImplementation(BulkInsertOp, async (h: BatchHost, op) => {
  const ctx = h.context;
  const d = ctx.dialect;
  if (op.rows.length === 0) return;
  const declared = op.table.columns?.map((c) => c.name);
  const table = d.quoteTable(op.table.name, op.table.schema);
  const normalize = (v: unknown) =>
    v !== null &&
    typeof v === 'object' &&
    !(v instanceof Date) &&
    !(v instanceof Uint8Array) &&
    !isInlineLiteral(v)
      ? Array.isArray(v) && d.name === 'postgresql'
        ? v
        : JSON.stringify(v)
      : v;
  // Rows with the same keys go into one INSERT; absent keys take the column default.
  const groups: { keys: string[]; rows: Readonly<Record<string, unknown>>[] }[] = [];
  for (const row of op.rows) {
    const keys = Object.keys(row);
    if (declared) {
      const unknown = keys.find((k) => !declared.includes(k));
      if (unknown) throw new RetortError(`bulkInsert: table "${op.table.name}" has no column "${unknown}"`);
      keys.sort((a, b) => declared.indexOf(a) - declared.indexOf(b));
    }
    const last = groups[groups.length - 1];
    if (op.multiinsert && !ctx.asSql && last && last.keys.join('\u0000') === keys.join('\u0000'))
      last.rows.push(row);
    else groups.push({ keys, rows: [row] });
  }
  for (const g of groups) {
    const cols = g.keys.map((k) => d.quoteIdentifier(k)).join(', ');
    if (ctx.asSql) {
      for (const row of g.rows) {
        const values = g.keys.map((k) => {
          const v = row[k];
          return isInlineLiteral(v) ? d.literal(inlineLiteralValue(v)) : d.literal(normalize(v));
        });
        ctx.emit(`INSERT INTO ${table} (${cols}) VALUES (${values.join(', ')})`);
      }
      continue;
    }
    const conn = ctx.connection;
    if (!conn) throw new RetortError('op.bulkInsert needs a database connection (the context has none)');
    // Keep each statement under every driver's bound-parameter limit.
    const perStatement = Math.max(1, Math.floor(900 / Math.max(1, g.keys.length)));
    for (let i = 0; i < g.rows.length; i += perStatement) {
      const params: unknown[] = [];
      const tuples = g.rows.slice(i, i + perStatement).map((row) => {
        const parts = g.keys.map((k) => {
          const v = row[k];
          if (isInlineLiteral(v)) return d.literal(inlineLiteralValue(v));
          params.push(normalize(v));
          return d.name === 'postgresql' ? `$${params.length}` : '?';
        });
        return `(${parts.join(', ')})`;
      });
      await conn.execute(`INSERT INTO ${table} (${cols}) VALUES ${tuples.join(', ')}`, params);
    }
  }
});
registerImplementation(BatchAlterTableOp, (h: BatchHost, op) => runBatch(h, op));
registerImplementation(ModifyTableOps, async (h: BatchHost, op) => {
  for (const inner of op.ops) await h.invoke(inner);
});
registerImplementation(UpgradeOps, async (h: BatchHost, op) => {
  for (const inner of op.ops) await h.invoke(inner);
});
registerImplementation(DowngradeOps, async (h: BatchHost, op) => {
  for (const inner of op.ops) await h.invoke(inner);
});
