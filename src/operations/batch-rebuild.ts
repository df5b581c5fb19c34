import { BaseDialect, type Connection, isLiteralDefault, type TableSpec } from '../dialects/index.js';
import { CommandError, RetortError } from '../util/errors.js';
import { AddColumnOp, AlterColumnOp } from './column-ops.js';
import type { BatchAlterTableOp } from './container-ops.js';
import type { OperationContext } from './context.js';
import { CreateIndexOp, DropIndexOp } from './index-ops.js';
import type { MigrateOperation } from './migrate-operation.js';
import { reflectSqliteTable } from './sqlite-reflect.js';
import { TableModel } from './table-model.js';

/** What the batch code needs from `Operations` (kept structural to avoid an import cycle). */
export interface BatchHost {
  readonly context: OperationContext;
  invoke(op: MigrateOperation): Promise<unknown>;
  runStatements(statements: readonly string[]): Promise<void>;
}

/** Alembic's `SQLiteImpl.requires_recreate_in_batch` for one op. */
export function sqliteRequiresRecreate(op: MigrateOperation): boolean {
  if (op instanceof AddColumnOp) {
    const d = op.column.default;
    return op.insertBefore !== null || op.insertAfter !== null || (d != null && !isLiteralDefault(d));
  }
  return !(op instanceof CreateIndexOp || op instanceof DropIndexOp);
}

/** Carry out a batch: replay the ops as ALTERs, or rebuild the table (move and copy). */
export async function runBatch(host: BatchHost, batch: BatchAlterTableOp): Promise<void> {
  const ctx = host.context;
  if (!['auto', 'always', 'never'].includes(batch.recreate)) {
    throw new CommandError("recreate may be one of 'auto', 'always', or 'never'.");
  }
  const recreate =
    batch.recreate === 'always' ||
    (batch.recreate === 'auto' && ctx.dialect.name === 'sqlite' && batch.ops.some(sqliteRequiresRecreate));
  if (!recreate) {
    for (const op of batch.ops) {
      if ((op instanceof AddColumnOp || op instanceof AlterColumnOp) && (op.insertBefore || op.insertAfter)) {
        throw new CommandError(
          "Can't specify insert_before or insert_after when using ALTER; please specify recreate='always'",
        );
      }
    }
    for (const op of batch.ops) await host.invoke(op);
    return;
  }
  await rebuildTable(host, batch.tableName, batch.schema, batch.ops, batch.copyFrom);
}

const tmpName = (table: string) => `_alembic_tmp_${table}`.slice(0, 50);

/**
 * Move-and-copy: create `_alembic_tmp_<t>` with the new definition, copy the rows, drop
 * the old table, rename, re-create the indexes. Rows, indexes, named constraints and
 * foreign keys survive.
 */
export async function rebuildTable(
  host: BatchHost,
  table: string,
  schema: string | null,
  ops: readonly MigrateOperation[],
  copyFrom: TableSpec | null,
): Promise<void> {
  const ctx = host.context;
  const d = ctx.dialect;
  let source: TableSpec;
  let typesAreSql = false;
  let autoincrementKeyword = false;
  let tableOptions = '';
  if (copyFrom) {
    source = copyFrom;
  } else if (ctx.asSql) {
    throw new CommandError(
      `This operation cannot proceed in --sql mode; batch mode with dialect ${d.name} requires a live database connection with which to reflect the table "${table}". To generate a batch SQL migration script using table "move and copy", a complete Table object should be passed to the "copy_from" argument of the batch_alter_table() method so that table reflection can be skipped.`,
    );
  } else if (d.name === 'sqlite') {
    const reflected = await reflectSqliteTable(requireConnection(ctx), table, schema);
    source = reflected.spec;
    typesAreSql = true;
    autoincrementKeyword = reflected.autoincrementKeyword;
    tableOptions = reflected.tableOptions;
  } else if (ctx.reflectTable) {
    source = await ctx.reflectTable(table, schema);
  } else {
    throw new CommandError(
      `Rebuilding table "${table}" on ${d.name} needs its current definition: pass copyFrom to batchAlterTable`,
    );
  }

  const model = new TableModel({ ...source, name: table, schema }, d, typesAreSql);
  for (const op of ops) model.apply(op);

  const tmp = tmpName(table);
  const spec = model.toSpec(tmp);
  const compileOpts = { rawTypes: true, sqliteAutoincrementKeyword: autoincrementKeyword };
  const create =
    d instanceof BaseDialect
      ? d.createTable(spec, compileOpts)
      : d.compileDdl({ kind: 'createTable', table: spec });
  if (tableOptions) create[0] = `${create[0]} ${tableOptions}`;
  const copy = model.copyColumns();
  const insert = copy.length
    ? `INSERT INTO ${d.quoteTable(tmp, schema)} (${copy.map(([n]) => d.quoteIdentifier(n)).join(', ')}) SELECT ${copy
        .map(([, e]) => e)
        .join(', ')} FROM ${d.quoteTable(table, schema)}`
    : null;
  const rename = d.compileDdl({ kind: 'renameTable', table: tmp, newName: table, schema });
  const indexes = model.indexes.flatMap((index) =>
    d.compileDdl({ kind: 'createIndex', table, schema, index }),
  );

  if (ctx.asSql || d.name !== 'sqlite') {
    // Names that are unique per schema must be freed on the old table before the new one
    // takes them: PostgreSQL's index-backed constraints, MySQL's foreign keys.
    const freeNames: string[] = [];
    if (d.name === 'postgresql') {
      const named = [source.primaryKey, ...(source.uniqueConstraints ?? [])].filter((c) => c?.name);
      for (const c of named) {
        freeNames.push(...d.compileDdl({ kind: 'dropConstraint', table, schema, name: c?.name as string }));
      }
    } else if (d.name === 'mysql') {
      for (const fk of (source.foreignKeys ?? []).filter((f) => f.name)) {
        freeNames.push(
          ...d.compileDdl({
            kind: 'dropConstraint',
            table,
            schema,
            name: fk.name as string,
            type: 'foreignkey',
          }),
        );
      }
    }
    await host.runStatements([...freeNames, ...create, ...(insert ? [insert] : [])]);
    await host.runStatements([`DROP TABLE ${d.quoteTable(table, schema)}`, ...rename, ...indexes]);
    return;
  }

  const conn = requireConnection(ctx);
  const guard = await sqliteForeignKeyGuard(ctx, conn, table, schema, model.hasSelfReference());
  // A savepoint makes the rebuild all-or-nothing, inside or outside the caller's transaction
  // (a failed foreign key check leaves the old table as it was).
  const prefix = schema ? `${d.quoteIdentifier(schema)}.` : '';
  // DROP TABLE drops the table's triggers: keep their text to re-create them.
  const { rows: triggerRows } = await conn.execute(
    `SELECT sql FROM ${prefix}sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND sql IS NOT NULL`,
    [table],
  );
  const triggers = triggerRows.map((r) => String(r.sql));
  // With the modern ALTER TABLE, RENAME re-checks every view and fails on a view that
  // names the (just dropped) table; the legacy behaviour renames without that check.
  const legacy = await pragmaNumber(conn, 'PRAGMA legacy_alter_table');
  await conn.execute('SAVEPOINT retort_rebuild');
  try {
    await host.runStatements([...create, ...(insert ? [insert] : [])]);
    await host.runStatements([`DROP TABLE ${d.quoteTable(table, schema)}`]);
    if (!legacy) await conn.execute('PRAGMA legacy_alter_table = ON');
    try {
      await host.runStatements(rename);
    } finally {
      if (!legacy) await conn.execute('PRAGMA legacy_alter_table = OFF');
    }
    await host.runStatements([...indexes, ...triggers]);
    await checkForeignKeys(conn, table, schema, guard.referencing);
    await conn.execute('RELEASE retort_rebuild');
  } catch (e) {
    await conn.execute('ROLLBACK TO retort_rebuild');
    await conn.execute('RELEASE retort_rebuild');
    throw e;
  } finally {
    await guard.restore();
  }
}

function requireConnection(ctx: OperationContext): Connection {
  if (!ctx.connection)
    throw new RetortError('This operation needs a database connection (the context has none)');
  return ctx.connection;
}

async function pragmaNumber(conn: Connection, sql: string): Promise<number> {
  const { rows } = await conn.execute(sql);
  return Number(Object.values(rows[0] ?? {})[0] ?? 0);
}

/**
 * Dropping the old table with `PRAGMA foreign_keys` on runs other tables' ON DELETE
 * actions (CASCADE deletes their rows; SET NULL clears them) and `defer_foreign_keys`
 * does not prevent it. So: turn the pragma off (possible outside a transaction, or
 * through the context's hook), or proceed only when no referencing row can be touched.
 */
async function sqliteForeignKeyGuard(
  ctx: OperationContext,
  conn: Connection,
  table: string,
  schema: string | null,
  selfReference: boolean,
): Promise<{ referencing: string[]; restore(): Promise<void> }> {
  const d = conn.dialect;
  const prefix = schema ? `${d.quoteIdentifier(schema)}.` : '';
  const { rows } = await conn.execute(
    `SELECT DISTINCT m.name AS name FROM ${prefix}sqlite_master AS m, pragma_foreign_key_list(m.name${schema ? `, ${d.literal(schema)}` : ''}) AS f WHERE m.type = 'table' AND lower(f."table") = lower(?) AND m.name <> ?`,
    [table, table],
  );
  const referencing = rows.map((r) => String(r.name));
  const nothing = { referencing, restore: async () => {} };
  if ((await pragmaNumber(conn, 'PRAGMA foreign_keys')) === 0) return nothing;

  await conn.execute('PRAGMA foreign_keys = OFF');
  if ((await pragmaNumber(conn, 'PRAGMA foreign_keys')) === 0) {
    return {
      referencing,
      restore: async () => {
        await conn.execute('PRAGMA foreign_keys = ON');
      },
    };
  }
  // Inside a transaction: the pragma did not change.
  const touched: string[] = [];
  for (const t of referencing) {
    const { rows: any } = await conn.execute(`SELECT 1 AS x FROM ${d.quoteTable(t, schema)} LIMIT 1`);
    if (any.length) touched.push(t);
  }
  if (selfReference) {
    const { rows: any } = await conn.execute(`SELECT 1 AS x FROM ${d.quoteTable(table, schema)} LIMIT 1`);
    if (any.length) touched.push(table);
  }
  if (touched.length === 0) return nothing;
  if (ctx.foreignKeysOff && (await ctx.foreignKeysOff())) {
    if ((await pragmaNumber(conn, 'PRAGMA foreign_keys')) === 0) return nothing;
  }
  throw new CommandError(
    `Cannot rebuild SQLite table "${table}" while PRAGMA foreign_keys is ON inside a transaction: rows in ${touched
      .map((t) => `"${t}"`)
      .join(
        ', ',
      )} reference it and dropping the old table would delete or change them; turn foreign keys off before the transaction begins`,
  );
}

async function checkForeignKeys(
  conn: Connection,
  table: string,
  schema: string | null,
  referencing: string[],
): Promise<void> {
  const d = conn.dialect;
  const prefix = schema ? `${d.quoteIdentifier(schema)}.` : '';
  for (const t of [table, ...referencing]) {
    const { rows } = await conn.execute(`PRAGMA ${prefix}foreign_key_check(${d.literal(t)})`);
    if (rows.length) {
      const parents = [...new Set(rows.map((r) => String(r.parent)))].map((p) => `"${p}"`).join(', ');
      throw new CommandError(
        `Foreign key check failed after rebuilding table "${table}": ${rows.length} row(s) of "${t}" reference missing rows in ${parents}`,
      );
    }
  }
}
