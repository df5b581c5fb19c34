import {
  type CheckConstraintSpec,
  type ColumnSpec,
  type EnumSpec,
  type ForeignKeySpec,
  type IndexSpec,
  normalizeTable,
  type SchemaDialect,
  type SchemaSpec,
  type TableSpec,
  tableKey,
  type UniqueConstraintSpec,
} from '../schema/index.js';
import { canonicalDefault, canonicalExpression, canonicalType, typesDiffer } from './normalize.js';
import type { AutogenOp, ColumnChanges } from './ops.js';
import type { CompareOptions, ObjectType } from './options.js';

/** What one comparison found: the upgrade ops, plus safety information. */
export interface ComparisonResult {
  readonly ops: AutogenOp[];
  /** True when an op drops a table or a column (data would be lost). */
  readonly destructive: boolean;
  /** Human-readable hints (possible renames). */
  readonly hints: string[];
}

interface Ctx {
  o: CompareOptions;
  d: SchemaDialect;
  hints: string[];
}

function q(name: string): string {
  return `"${name}"`;
}

function lit(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function include(
  ctx: Ctx,
  obj: unknown,
  name: string | null,
  type: ObjectType,
  reflected: boolean,
  compareTo: unknown,
  parents: { schemaName?: string | null; tableName?: string | null },
): boolean {
  if (reflected && ctx.o.includeName && !ctx.o.includeName(name, type, parents)) return false;
  if (ctx.o.includeObject && !ctx.o.includeObject(obj, name, type, reflected, compareTo)) return false;
  return true;
}

function prepareMeta(spec: SchemaSpec, o: CompareOptions): { tables: TableSpec[]; enums: EnumSpec[] } {
  const def =
    o.defaultSchema === undefined ? (o.dialect === 'postgresql' ? 'public' : null) : o.defaultSchema;
  const sch = (s: string | null | undefined) => (s === undefined || s === null || s === def ? null : s);
  const tables = spec.tables.map((t0) => {
    const t = normalizeTable(t0);
    return {
      ...t,
      schema: sch(t.schema),
      columns: o.compileType ? t.columns.map((c) => ({ ...c, type: o.compileType!(c.type) })) : t.columns,
      foreignKeys: (t.foreignKeys ?? []).map((f) => ({ ...f, referredSchema: sch(f.referredSchema) })),
    };
  });
  return { tables, enums: (spec.enums ?? []).map((e) => ({ ...e, schema: sch(e.schema) })) };
}

function sig(cols: readonly string[]): string {
  return cols.join('\0');
}

function normAction(a: string | null | undefined, d: SchemaDialect): string {
  const v = (a ?? 'no action').toLowerCase();
  return d === 'mysql' && v === 'restrict' ? 'no action' : v;
}

function fkSig(f: ForeignKeySpec, d: SchemaDialect): string {
  return [
    sig(f.columns),
    f.referredSchema ?? '',
    f.referredTable,
    sig(f.referredColumns),
    normAction(f.onUpdate, d),
    normAction(f.onDelete, d),
    d === 'postgresql' ? `${f.deferrable ? 'd' : ''}${f.initially === 'deferred' ? 'i' : ''}` : '',
  ].join('\x01');
}

function indexSig(i: IndexSpec): string {
  return [
    i.unique ? 'u' : '',
    i.columns.map((c) => canonicalExpression(c)).join(','),
    canonicalExpression(i.where ?? null) ?? '',
  ].join('\x01');
}

/** Orders tables so that every table comes after the tables it references (cycles keep input order). */
function topoSort(tables: TableSpec[]): TableSpec[] {
  const byKey = new Map(tables.map((t) => [tableKey(t), t]));
  const out: TableSpec[] = [];
  const state = new Map<string, number>();
  const visit = (t: TableSpec) => {
    const k = tableKey(t);
    if (state.get(k)) return;
    state.set(k, 1);
    for (const f of t.foreignKeys ?? []) {
      const ref = byKey.get(tableKey({ name: f.referredTable, schema: f.referredSchema }));
      if (ref && ref !== t) visit(ref);
    }
    state.set(k, 2);
    out.push(t);
  };
  for (const t of tables) visit(t);
  return out;
}

function columnsCompatible(a: ColumnSpec, b: ColumnSpec, d: SchemaDialect): boolean {
  return canonicalType(a.type, d).base === canonicalType(b.type, d).base;
}

function compareColumn(ctx: Ctx, t: TableSpec, meta: ColumnSpec, db: ColumnSpec): AutogenOp | null {
  const d = ctx.d;
  const changes: { -readonly [K in keyof ColumnChanges]: ColumnChanges[K] } = {};
  const mNull = meta.nullable !== false;
  const dNull = db.nullable !== false;
  if (mNull !== dNull) changes.nullable = mNull;
  if (ctx.o.compareType !== false) {
    let differ: boolean | null | undefined;
    if (typeof ctx.o.compareType === 'function') differ = ctx.o.compareType(db, meta, db.type, meta.type);
    if (differ === undefined || differ === null) differ = typesDiffer(db.type, meta.type, d);
    if (differ) changes.type = meta.type;
  }
  if (ctx.o.compareServerDefault !== false) {
    const md = meta.default ?? null;
    const dd = db.default ?? null;
    let differ: boolean | null | undefined;
    if (typeof ctx.o.compareServerDefault === 'function')
      differ = ctx.o.compareServerDefault(db, meta, dd, md);
    if (differ === undefined || differ === null) {
      // A serial/identity column's sequence default is the database's business.
      differ = !(db.autoincrement && md === null) && canonicalDefault(md, d) !== canonicalDefault(dd, d);
    }
    if (differ) changes.default = md;
  }
  if (d !== 'sqlite') {
    const mc = meta.comment || null;
    const dc = db.comment || null;
    if (mc !== dc) changes.comment = mc;
  }
  if (Object.keys(changes).length === 0) return null;
  return {
    kind: 'alterColumn',
    schema: t.schema ?? null,
    table: t.name,
    column: meta.name,
    changes,
    existing: {
      type: db.type,
      nullable: dNull,
      default: db.default ?? null,
      comment: db.comment || null,
      autoincrement: db.autoincrement === true,
    },
  };
}

/**
 * Compares one table present on both sides. Foreign key drops and creates go to their own
 * lists: they run before (drops) and after (creates) every table's other changes, so that a
 * key never blocks a column change in another table or points at a column not there yet.
 */
function compareTable(
  ctx: Ctx,
  meta: TableSpec,
  db: TableSpec,
  ops: AutogenOp[],
  fkDrops: AutogenOp[],
  fkCreates: AutogenOp[],
): void {
  const d = ctx.d;
  const schema = meta.schema ?? null;
  const table = meta.name;
  const parents = { schemaName: schema, tableName: table };
  // includeName filters reflected names; includeObject sees metadata objects (with their
  // reflected counterpart) and reflected objects that have no counterpart.
  const named = (name: string | null | undefined, type: ObjectType) =>
    !ctx.o.includeName || ctx.o.includeName(name ?? null, type, parents);
  const reflectedOnly = (obj: unknown, name: string | null | undefined, type: ObjectType) =>
    include(ctx, obj, name ?? null, type, true, null, parents);
  const dbCols = new Map(db.columns.filter((c) => named(c.name, 'column')).map((c) => [c.name, c]));
  const metaNames = new Set(meta.columns.map((c) => c.name));
  const adds: AutogenOp[] = [];
  const alters: AutogenOp[] = [];
  const drops: AutogenOp[] = [];
  const added: ColumnSpec[] = [];
  const dropped: ColumnSpec[] = [];
  for (const c of meta.columns) {
    const other = dbCols.get(c.name) ?? null;
    if (!include(ctx, c, c.name, 'column', false, other, parents)) continue;
    if (!other) {
      adds.push({ kind: 'addColumn', schema, table, column: c });
      added.push(c);
    } else {
      const alter = compareColumn(ctx, meta, c, other);
      if (alter) alters.push(alter);
    }
  }
  for (const c of dbCols.values()) {
    if (metaNames.has(c.name) || !reflectedOnly(c, c.name, 'column')) continue;
    drops.push({ kind: 'dropColumn', schema, table, column: c });
    dropped.push(c);
  }
  // Possible renames: a dropped and an added column of a compatible type.
  const used = new Set<string>();
  for (const dc of dropped) {
    const ac = added.find((a) => !used.has(a.name) && columnsCompatible(a, dc, d));
    if (!ac) continue;
    used.add(ac.name);
    const hint = `Hint: ${q(dc.name)} was dropped and ${q(ac.name)} added; if this is a rename, use op.alterColumn(${lit(table)}, ${lit(dc.name)}, { newColumnName: ${lit(ac.name)} })`;
    ctx.hints.push(`${schema ? `${schema}.` : ''}${table}: ${hint.slice(6)}`);
    const i = adds.findIndex((op) => op.kind === 'addColumn' && op.column.name === ac.name);
    adds[i] = { ...adds[i], notes: [hint] };
  }

  // Indexes and unique constraints.
  let dbIdx = (db.indexes ?? []).filter((i) => named(i.name, 'index'));
  let dbUq = (db.uniqueConstraints ?? []).filter((u) => named(u.name, 'unique_constraint'));
  const metaIdx = (meta.indexes ?? []).filter((i) =>
    include(ctx, i, i.name, 'index', false, dbIdx.find((x) => x.name === i.name) ?? null, parents),
  );
  const metaUq = (meta.uniqueConstraints ?? []).filter((u) =>
    include(
      ctx,
      u,
      u.name ?? null,
      'unique_constraint',
      false,
      (u.name && dbUq.find((x) => x.name === u.name)) || null,
      parents,
    ),
  );
  if (d === 'mysql') {
    // SERIAL columns (drizzle-kit writes them) bring a UNIQUE key that repeats the primary key.
    const pk = sig(db.primaryKey?.columns ?? []);
    dbUq = dbUq.filter((u) => sig(u.columns) !== pk || metaUq.some((m) => m.name === u.name));
    // MySQL has no unique constraint apart from a unique index: match them by name either way.
    const metaIdxNames = new Set(metaIdx.map((i) => i.name));
    const moved = dbUq.filter((u) => u.name && metaIdxNames.has(u.name));
    dbUq = dbUq.filter((u) => !moved.includes(u));
    dbIdx = [
      ...dbIdx,
      ...moved.map((u) => ({ name: u.name!, columns: u.columns, unique: true, where: null })),
    ];
  }
  const dropIdx: AutogenOp[] = [];
  const createIdx: AutogenOp[] = [];
  const dbIdxByName = new Map(dbIdx.map((i) => [i.name, i]));
  for (const i of metaIdx) {
    const other = dbIdxByName.get(i.name);
    if (other) {
      dbIdxByName.delete(i.name);
      if (indexSig(other) !== indexSig(i)) {
        dropIdx.push({ kind: 'dropIndex', schema, table, index: other });
        createIdx.push({ kind: 'createIndex', schema, table, index: i });
      }
    } else createIdx.push({ kind: 'createIndex', schema, table, index: i });
  }
  for (const other of dbIdxByName.values()) {
    if (reflectedOnly(other, other.name, 'index'))
      dropIdx.push({ kind: 'dropIndex', schema, table, index: other });
  }

  const remainingUq = [...dbUq];
  const take = (pred: (u: UniqueConstraintSpec) => boolean) => {
    const k = remainingUq.findIndex(pred);
    return k < 0 ? null : remainingUq.splice(k, 1)[0];
  };
  const createUq: AutogenOp[] = [];
  const dropUq: AutogenOp[] = [];
  for (const u of metaUq) {
    const other =
      (u.name ? take((x) => x.name === u.name) : null) ??
      take((x) => sig(x.columns) === sig(u.columns) && (!x.name || !u.name || d === 'sqlite'));
    if (other && sig(other.columns) === sig(u.columns)) continue;
    if (other) dropUq.push({ kind: 'dropConstraint', schema, table, constraint: other });
    createUq.push({ kind: 'createConstraint', schema, table, constraint: u });
  }
  for (const other of remainingUq) {
    if (reflectedOnly(other, other.name, 'unique_constraint')) {
      dropUq.push({ kind: 'dropConstraint', schema, table, constraint: other });
    }
  }

  // Foreign keys, by signature.
  const dbFk = (db.foreignKeys ?? []).filter((f) => named(f.name, 'foreign_key_constraint'));
  const metaFk = (meta.foreignKeys ?? []).filter((f) =>
    include(
      ctx,
      f,
      f.name ?? null,
      'foreign_key_constraint',
      false,
      dbFk.find((x) => fkSig(x, d) === fkSig(f, d)) ?? null,
      parents,
    ),
  );
  const dbFkSigs = new Map<string, ForeignKeySpec[]>();
  for (const f of dbFk) {
    const k = fkSig(f, d);
    dbFkSigs.set(k, [...(dbFkSigs.get(k) ?? []), f]);
  }
  const createFk: AutogenOp[] = [];
  const dropFk: AutogenOp[] = [];
  for (const f of metaFk) {
    const list = dbFkSigs.get(fkSig(f, d));
    if (list && list.length > 0) list.shift();
    else createFk.push({ kind: 'createConstraint', schema, table, constraint: f });
  }
  for (const list of dbFkSigs.values()) {
    for (const f of list) {
      if (reflectedOnly(f, f.name, 'foreign_key_constraint'))
        dropFk.push({ kind: 'dropConstraint', schema, table, constraint: f });
    }
  }

  // Named CHECK constraints, by name only (the database rewrites expressions).
  const dbCk = (db.checkConstraints ?? []).filter((c) => c.name && named(c.name, 'check_constraint'));
  const metaCk = (meta.checkConstraints ?? []).filter((c) =>
    include(
      ctx,
      c,
      c.name ?? null,
      'check_constraint',
      false,
      dbCk.find((x) => x.name === c.name) ?? null,
      parents,
    ),
  );
  const dbCkNames = new Set(dbCk.map((c) => c.name));
  const metaCkNames = new Set(metaCk.map((c) => c.name).filter(Boolean));
  const createCk: AutogenOp[] = metaCk
    .filter((c) => c.name && !dbCkNames.has(c.name))
    .map((c) => ({ kind: 'createConstraint', schema, table, constraint: c }));
  // Unnamed metadata checks get database-chosen names, so nothing reflected can be called extra.
  const dropCk: AutogenOp[] = metaCk.some((c) => !c.name)
    ? []
    : dbCk
        .filter((c) => !metaCkNames.has(c.name) && reflectedOnly(c, c.name, 'check_constraint'))
        .map((c) => ({ kind: 'dropConstraint', schema, table, constraint: c }));

  fkDrops.push(...dropFk);
  fkCreates.push(...createFk);
  // Indexes and constraints go before the column changes and come back after them, so that
  // none of them stands in the way of an ALTER (MySQL cannot retype an indexed column to TEXT).
  ops.push(...dropUq, ...dropIdx, ...dropCk, ...adds, ...alters, ...createIdx, ...createUq, ...createCk);

  if (d !== 'sqlite') {
    const mc = meta.comment || null;
    const dc = db.comment || null;
    if (mc !== dc) {
      ops.push(
        mc === null
          ? { kind: 'dropTableComment', schema, table, existing: dc! }
          : { kind: 'createTableComment', schema, table, comment: mc, existing: dc },
      );
    }
  }
  ops.push(...drops);
}

function compareEnums(ctx: Ctx, meta: EnumSpec[], db: EnumSpec[], pre: AutogenOp[], post: AutogenOp[]): void {
  const key = (e: EnumSpec) => `${e.schema ?? ''}.${e.name}`;
  const dbBy = new Map(
    db
      .filter((e) => include(ctx, e, e.name, 'enum', true, null, { schemaName: e.schema }))
      .map((e) => [key(e), e]),
  );
  for (const e of meta) {
    const other = dbBy.get(key(e)) ?? null;
    if (!include(ctx, e, e.name, 'enum', false, other, { schemaName: e.schema })) continue;
    if (!other) {
      pre.push({ kind: 'createEnum', enum: e });
      continue;
    }
    dbBy.delete(key(e));
    if (other.values.join('\0') === e.values.join('\0')) continue;
    // Added values keep the old ones' relative order: ALTER TYPE ... ADD VALUE is enough.
    const kept = e.values.filter((v) => other.values.includes(v));
    if (other.values.every((v) => e.values.includes(v)) && kept.join('\0') === other.values.join('\0')) {
      const current = [...other.values];
      e.values.forEach((v, i) => {
        if (current.includes(v)) return;
        const after = i > 0 ? e.values[i - 1] : null;
        const before = after === null ? (e.values.find((x) => current.includes(x)) ?? null) : null;
        current.splice(after === null ? 0 : current.indexOf(after) + 1, 0, v);
        pre.push({ kind: 'addEnumValue', enum: e, value: v, after, before });
      });
    } else {
      const removed = other.values.filter((v) => !e.values.includes(v));
      const note = removed.length
        ? `Enum ${q(e.name)} lost value(s) ${removed.map((v) => `'${v}'`).join(', ')}: PostgreSQL cannot drop enum values, so the type is dropped and re-created; columns using it must be converted first`
        : `Enum ${q(e.name)} values were reordered: the type is dropped and re-created; columns using it must be converted first`;
      ctx.hints.push(note);
      pre.push({ kind: 'dropEnum', enum: other, notes: [note] }, { kind: 'createEnum', enum: e });
    }
  }
  for (const other of dbBy.values()) {
    if (include(ctx, other, other.name, 'enum', true, null, { schemaName: other.schema }))
      post.push({ kind: 'dropEnum', enum: other });
  }
}

/**
 * Compares the app's schema with the database's and returns the upgrade operations, in
 * an order that applies cleanly: new enums, new tables (referenced tables first), changes to
 * existing tables, dropped tables (referencing tables first), dropped enums.
 */
export function compareToOps(
  metadata: SchemaSpec,
  database: SchemaSpec,
  options: CompareOptions,
): ComparisonResult {
  const ctx: Ctx = { o: options, d: options.dialect, hints: [] };
  const meta = prepareMeta(metadata, options);
  const exclude = new Set(options.excludeTables ?? []);
  const inScope = (t: TableSpec) =>
    (options.includeSchemas || !t.schema) && !exclude.has(t.name) && !exclude.has(tableKey(t));
  const dbTables = database.tables
    .map(normalizeTable)
    .filter(inScope)
    .filter((t) => !t.schema || !options.includeName || options.includeName(t.schema, 'schema', {}))
    .filter((t) => !options.includeName || options.includeName(t.name, 'table', { schemaName: t.schema }));
  const dbBy = new Map(dbTables.map((t) => [tableKey(t), t]));
  const metaTables = meta.tables.filter(inScope);
  const metaKeys = new Set(metaTables.map(tableKey));

  const pre: AutogenOp[] = [];
  const post: AutogenOp[] = [];
  if (ctx.d === 'postgresql') {
    compareEnums(
      ctx,
      meta.enums,
      (database.enums ?? []).map((e) => ({ ...e, schema: e.schema ?? null })),
      pre,
      post,
    );
  }
  const ops: AutogenOp[] = [...pre];
  const created: TableSpec[] = [];
  const existing: [TableSpec, TableSpec][] = [];
  for (const t of metaTables) {
    const other = dbBy.get(tableKey(t)) ?? null;
    if (!include(ctx, t, t.name, 'table', false, other, { schemaName: t.schema })) continue;
    if (other) existing.push([t, other]);
    else created.push(t);
  }
  const removed = dbTables.filter(
    (t) =>
      !metaKeys.has(tableKey(t)) && include(ctx, t, t.name, 'table', true, null, { schemaName: t.schema }),
  );

  // Tables are created referenced-first; a foreign key into a table not created yet (a
  // cycle) is added once every new table exists, as Alembic does with use_alter.
  const createdKeys = new Set(created.map(tableKey));
  const made = new Set<string>();
  const deferred: AutogenOp[] = [];
  for (const t of topoSort(created)) {
    const key = tableKey(t);
    const indexes = (t.indexes ?? []).filter((i) =>
      include(ctx, i, i.name, 'index', false, null, { schemaName: t.schema, tableName: t.name }),
    );
    const later = (f: ForeignKeySpec) => {
      const ref = tableKey({ name: f.referredTable, schema: f.referredSchema });
      return ref !== key && createdKeys.has(ref) && !made.has(ref);
    };
    const fks = t.foreignKeys ?? [];
    for (const f of fks.filter(later)) {
      deferred.push({ kind: 'createConstraint', schema: t.schema ?? null, table: t.name, constraint: f });
    }
    ops.push({
      kind: 'createTable',
      table: { ...t, indexes: [], foreignKeys: fks.filter((f) => !later(f)) },
    });
    made.add(key);
    for (const i of indexes)
      ops.push({ kind: 'createIndex', schema: t.schema ?? null, table: t.name, index: i });
  }
  ops.push(...deferred);
  existing.sort((a, b) => tableKey(a[0]).localeCompare(tableKey(b[0])));
  const fkDrops: AutogenOp[] = [];
  const fkCreates: AutogenOp[] = [];
  const tableOps: AutogenOp[] = [];
  for (const [m, d] of existing) compareTable(ctx, m, d, tableOps, fkDrops, fkCreates);
  ops.push(...fkDrops, ...tableOps, ...fkCreates);
  // Dropped tables go referencing-first; a foreign key that still points into a table about
  // to be dropped (a cycle) is dropped on its own first, and left out of the table's spec so
  // that the downgrade recreates the tables before it.
  const drops = topoSort(removed).reverse();
  const gone = new Set<string>();
  const cut = new Map<string, Set<ForeignKeySpec>>();
  for (const t of drops) {
    const key = tableKey(t);
    for (const other of drops) {
      const ok = tableKey(other);
      if (ok === key || gone.has(ok)) continue;
      for (const f of other.foreignKeys ?? []) {
        if (tableKey({ name: f.referredTable, schema: f.referredSchema }) !== key || !f.name) continue;
        if (!cut.has(ok)) cut.set(ok, new Set());
        if (cut.get(ok)!.has(f)) continue;
        cut.get(ok)!.add(f);
        ops.push({ kind: 'dropConstraint', schema: other.schema ?? null, table: other.name, constraint: f });
      }
    }
    gone.add(key);
  }
  for (const t0 of drops) {
    const removedFks = cut.get(tableKey(t0));
    const t = removedFks
      ? { ...t0, foreignKeys: (t0.foreignKeys ?? []).filter((f) => !removedFks.has(f)) }
      : t0;
    const cols = sig([...t.columns.map((c) => c.name)].sort());
    const twin = created.find((c) => sig([...c.columns.map((x) => x.name)].sort()) === cols);
    const notes: string[] = [];
    if (twin) {
      const hint = `Hint: table ${q(t.name)} was dropped and ${q(twin.name)} created with the same columns; if this is a rename, use op.renameTable(${lit(t.name)}, ${lit(twin.name)})`;
      notes.push(hint);
      ctx.hints.push(hint.slice(6));
    }
    ops.push({ kind: 'dropTable', table: t, ...(notes.length ? { notes } : {}) });
  }
  ops.push(...post);
  const destructive = ops.some((o) => o.kind === 'dropTable' || o.kind === 'dropColumn');
  return { ops, destructive, hints: ctx.hints };
}

export type { CheckConstraintSpec };
