import type {
  ColumnSpec,
  ForeignKeySpec,
  IndexSpec,
  ReferentialAction,
  SchemaSpec,
  TableSpec,
  UniqueConstraintSpec,
} from '../dialects/schema-nodes.js';
import { asBool, type QueryRunner } from './introspect-types.js';
import { parseCreateIndex, parseCreateTable, unquoteIdent } from './sqlite-ddl-parse.js';

function act(v: unknown): ReferentialAction | null {
  const s = String(v ?? '').toLowerCase();
  return s === '' || s === 'no action' ? null : (s as ReferentialAction);
}

const TABLES = `SELECT m.type AS type, m.name AS name, m.tbl_name AS tbl, m.sql AS sql FROM sqlite_master m
 WHERE m.type IN ('table','index') AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.type DESC, m.name`;
const COLUMNS = `SELECT m.name AS tbl, p.cid AS cid, p.name AS name, p.type AS type, p."notnull" AS nn, p.dflt_value AS dflt, p.pk AS pk
 FROM sqlite_master m, pragma_table_info(m.name) p
 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, p.cid`;
const INDEXES = `SELECT m.name AS tbl, il.name AS idx, il."unique" AS uq, il.origin AS origin, ii.seqno AS seqno, ii.name AS col
 FROM sqlite_master m, pragma_index_list(m.name) il, pragma_index_info(il.name) ii
 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, il.name, ii.seqno`;
const FKS = `SELECT m.name AS tbl, f.id AS id, f.seq AS seq, f."table" AS reftable, f."from" AS src, f."to" AS dst,
 f.on_update AS onupdate, f.on_delete AS ondelete
 FROM sqlite_master m, pragma_foreign_key_list(m.name) f
 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, f.id, f.seq`;

/** Reads every table of a SQLite database in four queries, whatever the table count. */
export async function introspectSqlite(conn: QueryRunner, exclude: ReadonlySet<string>): Promise<SchemaSpec> {
  const [objs, colRows, idxRows, fkRows] = [
    (await conn.execute(TABLES)).rows,
    (await conn.execute(COLUMNS)).rows,
    (await conn.execute(INDEXES)).rows,
    (await conn.execute(FKS)).rows,
  ];
  const tableSql = new Map<string, string>();
  const indexSql = new Map<string, string>();
  for (const o of objs) {
    if (o.type === 'table') tableSql.set(String(o.name), String(o.sql ?? ''));
    else if (o.sql) indexSql.set(String(o.name), String(o.sql));
  }
  const colsBy = group(colRows, 'tbl');
  const idxBy = group(idxRows, 'tbl');
  const fkBy = group(fkRows, 'tbl');
  const tables: TableSpec[] = [];
  for (const [name, sql] of tableSql) {
    if (exclude.has(name)) continue;
    const parsed = parseCreateTable(sql);
    const rows = colsBy.get(name) ?? [];
    const pkRows = rows.filter((r) => Number(r.pk) > 0).sort((a, b) => Number(a.pk) - Number(b.pk));
    const pkCols = pkRows.map((r) => String(r.name));
    const rowidAlias = pkRows.length === 1 && String(pkRows[0].type).toLowerCase() === 'integer';
    const columns: ColumnSpec[] = rows.map((r) => ({
      name: String(r.name),
      type: String(r.type ?? ''),
      nullable: !asBool(r.nn) && !pkCols.includes(String(r.name)),
      default: r.dflt === null || r.dflt === undefined ? null : String(r.dflt),
      autoincrement: rowidAlias && pkCols[0] === r.name,
      comment: null,
    }));
    const uniques: UniqueConstraintSpec[] = [];
    const indexes: IndexSpec[] = [];
    for (const [idx, parts] of group(idxBy.get(name) ?? [], 'idx')) {
      const origin = String(parts[0].origin);
      const columns = parts.map((p) => String(p.col ?? ''));
      if (origin === 'pk') continue;
      if (origin === 'u') {
        const named = parsed.namedUniques.find((u) => u.columns.join('\0') === columns.join('\0'));
        uniques.push({ kind: 'unique', name: named?.name ?? null, columns });
        continue;
      }
      const def = indexSql.get(idx);
      const p = def ? parseCreateIndex(def) : { columns, where: null };
      const exprs = columns.map((c) => c === '');
      indexes.push({
        name: idx,
        columns: columns.map((c, i) => (c === '' ? (p.columns[i] ?? '') : c)),
        ...(exprs.some(Boolean) ? { expressions: exprs } : {}),
        unique: asBool(parts[0].uq),
        where: p.where,
      });
    }
    const foreignKeys: ForeignKeySpec[] = [];
    for (const [, parts] of group(fkBy.get(name) ?? [], 'id')) {
      const columns = parts.map((p) => String(p.src));
      const named = parsed.namedForeignKeys.find((f) => f.columns.join('\0') === columns.join('\0'));
      const reftable = String(parts[0].reftable);
      foreignKeys.push({
        kind: 'foreignKey',
        name: named?.name ?? null,
        columns,
        referredTable: reftable,
        referredSchema: null,
        // A reference without a column list points at the referred table's primary key.
        referredColumns: parts.map((p, i) =>
          p.dst === null ? (pkOf(colsBy.get(reftable))[i] ?? '') : String(p.dst),
        ),
        onUpdate: act(parts[0].onupdate),
        onDelete: act(parts[0].ondelete),
      });
    }
    foreignKeys.reverse(); // PRAGMA numbers them from the last declared
    tables.push({
      name,
      schema: null,
      columns,
      primaryKey: pkCols.length ? { kind: 'primaryKey', name: parsed.primaryKeyName, columns: pkCols } : null,
      uniqueConstraints: uniques,
      foreignKeys,
      checkConstraints: parsed.checks.map((c) => ({ kind: 'check', name: c.name, expression: c.expression })),
      indexes,
      comment: null,
    });
  }
  return { tables, enums: [] };
}

function pkOf(rows: Record<string, unknown>[] | undefined): string[] {
  return (rows ?? [])
    .filter((r) => Number(r.pk) > 0)
    .sort((a, b) => Number(a.pk) - Number(b.pk))
    .map((r) => String(r.name));
}

export function group(rows: Record<string, unknown>[], key: string): Map<string, Record<string, unknown>[]> {
  const m = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const k = String(r[key]);
    let l = m.get(k);
    if (!l) m.set(k, (l = []));
    l.push(r);
  }
  return m;
}

export { unquoteIdent };
