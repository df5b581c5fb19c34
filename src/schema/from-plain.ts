import type {
  CheckConstraintSpec,
  ColumnSpec,
  EnumSpec,
  ForeignKeySpec,
  IndexSpec,
  PrimaryKeySpec,
  ReferentialAction,
  SchemaSpec,
  TableSpec,
  UniqueConstraintSpec,
} from '../dialects/schema-nodes.js';
import { RetortError } from '../util/errors.js';
import { tableKey } from './model.js';

/** Raised when a schema description is malformed; the message names the table and field. */
export class SchemaSpecError extends RetortError {
  override name = 'SchemaSpecError';
}

const ACTIONS: readonly ReferentialAction[] = ['cascade', 'restrict', 'no action', 'set null', 'set default'];

function fail(where: string, what: string): never {
  throw new SchemaSpecError(`Invalid schema: ${where}: ${what}`);
}

function str(v: unknown, where: string, what: string): string {
  if (typeof v !== 'string' || v.trim() === '') fail(where, `${what} must be a non-empty string`);
  return v;
}

function optStr(v: unknown, where: string, what: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') fail(where, `${what} must be a string or null`);
  return v;
}

function names(v: unknown, where: string, what: string): string[] {
  if (!Array.isArray(v) || v.length === 0) fail(where, `${what} must be a non-empty array of names`);
  return v.map((n, i) => str(n, where, `${what}[${i}]`));
}

function action(v: unknown, where: string, what: string): ReferentialAction | null {
  if (v === undefined || v === null) return null;
  const a = typeof v === 'string' ? v.toLowerCase().replace(/\s+/g, ' ') : v;
  if (!ACTIONS.includes(a as ReferentialAction)) fail(where, `${what} must be one of ${ACTIONS.join(', ')}`);
  return a as ReferentialAction;
}

function normColumn(c: unknown, where: string): ColumnSpec {
  if (!c || typeof c !== 'object') fail(where, 'a column must be an object');
  const col = c as Record<string, unknown>;
  const name = str(col.name, where, 'column name');
  const at = `${where}.${name}`;
  const type = str(col.type, at, 'type');
  if (col.nullable !== undefined && typeof col.nullable !== 'boolean') fail(at, 'nullable must be a boolean');
  let def: string | null = null;
  if (col.default !== undefined && col.default !== null) {
    if (typeof col.default !== 'string') fail(at, 'default must be SQL text (a string) or null');
    def = col.default;
  }
  return {
    name,
    type,
    nullable: col.primaryKey === true ? false : col.nullable !== false,
    default: def,
    autoincrement: col.autoincrement === true,
    comment: optStr(col.comment, at, 'comment'),
  };
}

/**
 * Normalises one table: column-level `primaryKey` flags are folded into the table's primary
 * key, primary key columns are NOT NULL, every optional list is present, and every
 * reference to a column is checked.
 */
export function normalizeTable(t: TableSpec): TableSpec {
  if (!t || typeof t !== 'object') fail('tables', 'a table must be an object');
  const tname = str(t.name, 'tables', 'table name');
  const where = t.schema ? `${t.schema}.${tname}` : tname;
  if (!Array.isArray(t.columns)) fail(where, 'columns must be an array');
  const seen = new Set<string>();
  const columns = t.columns.map((c) => {
    const n = normColumn(c, where);
    if (seen.has(n.name)) fail(where, `duplicate column "${n.name}"`);
    seen.add(n.name);
    return n;
  });
  const known = (cols: readonly string[], what: string) => {
    for (const c of cols) if (!seen.has(c)) fail(where, `${what} names unknown column "${c}"`);
  };
  const inlinePk = t.columns.filter((c) => c.primaryKey === true).map((c) => c.name);
  let primaryKey: PrimaryKeySpec | null = null;
  if (t.primaryKey) {
    const cols = names(t.primaryKey.columns, where, 'primaryKey.columns');
    known(cols, 'primary key');
    if (inlinePk.length > 0 && inlinePk.join(',') !== cols.join(',')) {
      fail(where, 'both a column-level and a table-level primary key are declared');
    }
    primaryKey = {
      kind: 'primaryKey',
      name: optStr(t.primaryKey.name, where, 'primaryKey.name'),
      columns: cols,
    };
  } else if (inlinePk.length > 0) {
    primaryKey = { kind: 'primaryKey', name: null, columns: inlinePk };
  }
  const pkCols = new Set(primaryKey?.columns ?? []);
  const cols2 = columns.map((c) => (pkCols.has(c.name) ? { ...c, nullable: false } : c));

  const uniqueConstraints: UniqueConstraintSpec[] = (t.uniqueConstraints ?? []).map((u) => {
    const cols = names(u.columns, where, 'unique.columns');
    known(cols, 'unique constraint');
    return { kind: 'unique', name: optStr(u.name, where, 'unique.name'), columns: cols };
  });
  const foreignKeys: ForeignKeySpec[] = (t.foreignKeys ?? []).map((f) => {
    const cols = names(f.columns, where, 'foreignKey.columns');
    known(cols, 'foreign key');
    const ref = names(f.referredColumns, where, 'foreignKey.referredColumns');
    if (ref.length !== cols.length) fail(where, 'foreign key columns and referredColumns differ in length');
    const fk: ForeignKeySpec = {
      kind: 'foreignKey',
      name: optStr(f.name, where, 'foreignKey.name'),
      columns: cols,
      referredTable: str(f.referredTable, where, 'foreignKey.referredTable'),
      referredSchema: optStr(f.referredSchema, where, 'foreignKey.referredSchema'),
      referredColumns: ref,
      onDelete: action(f.onDelete, where, 'onDelete'),
      onUpdate: action(f.onUpdate, where, 'onUpdate'),
      deferrable: f.deferrable ?? null,
      initially: f.initially ?? null,
    };
    return fk;
  });
  const checkConstraints: CheckConstraintSpec[] = (t.checkConstraints ?? []).map((c) => ({
    kind: 'check',
    name: optStr(c.name, where, 'check.name'),
    expression: str(c.expression, where, 'check.expression'),
  }));
  const idxNames = new Set<string>();
  const indexes: IndexSpec[] = (t.indexes ?? []).map((i) => {
    const name = str(i.name, where, 'index name');
    if (idxNames.has(name)) fail(where, `duplicate index "${name}"`);
    idxNames.add(name);
    const cols = names(i.columns, `${where} index ${name}`, 'columns');
    const out: IndexSpec = {
      name,
      columns: cols,
      unique: i.unique === true,
      where: optStr(i.where, where, 'index.where'),
    };
    if (i.expressions?.some(Boolean)) {
      if (i.expressions.length !== cols.length)
        fail(`${where} index ${name}`, 'expressions must have one flag per column');
      return { ...out, expressions: [...i.expressions] };
    }
    return out;
  });
  return {
    name: tname,
    schema: t.schema ?? null,
    columns: cols2,
    primaryKey,
    uniqueConstraints,
    foreignKeys,
    checkConstraints,
    indexes,
    comment: optStr(t.comment, where, 'comment'),
  };
}

/**
 * Validates and normalises a plain-object schema (the "passed by hand" metadata).
 *
 * @example
 * const spec = fromPlain({ tables: [{ name: 'user', columns: [
 *   { name: 'id', type: 'integer', primaryKey: true, autoincrement: true },
 *   { name: 'name', type: 'varchar(80)', nullable: false },
 * ] }] });
 */
export function fromPlain(spec: SchemaSpec): SchemaSpec {
  if (!spec || typeof spec !== 'object' || !Array.isArray(spec.tables)) {
    throw new SchemaSpecError('Invalid schema: expected an object with a "tables" array');
  }
  const tables = spec.tables.map(normalizeTable);
  const keys = new Set<string>();
  for (const t of tables) {
    const k = tableKey(t);
    if (keys.has(k)) fail(k, 'table declared twice');
    keys.add(k);
  }
  const enums: EnumSpec[] = (spec.enums ?? []).map((e) => {
    const name = str(e.name, 'enums', 'enum name');
    if (!Array.isArray(e.values) || e.values.some((v) => typeof v !== 'string')) {
      fail(`enum ${name}`, 'values must be an array of strings');
    }
    if (new Set(e.values).size !== e.values.length) fail(`enum ${name}`, 'duplicate value');
    return { name, schema: e.schema ?? null, values: [...e.values] };
  });
  return { tables, enums };
}
