import type {
  ColumnSpec,
  EnumSpec,
  ForeignKeySpec,
  ReferentialAction,
  SchemaSpec,
  TableSpec,
} from '../dialects/schema-nodes.js';
import { asArray, asBool, type QueryRunner } from './introspect-types.js';
import { group } from './introspect-sqlite.js';

const IN_SCHEMAS = `n.nspname IN (SELECT json_array_elements_text($1::json))`;

// Comments come from joins on pg_description rather than per-row function calls: with
// thousands of columns that is the difference between one scan and thousands of lookups.
const COLUMNS = `SELECT n.nspname AS schema, c.relname AS tbl, a.attnum AS num, a.attname AS name,
 format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS dflt,
 a.attidentity AS ident, cd.description AS comment, td.description AS tcomment
 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
 LEFT JOIN pg_description cd ON cd.objoid = c.oid AND cd.classoid = 'pg_class'::regclass AND cd.objsubid = a.attnum
 LEFT JOIN pg_description td ON td.objoid = c.oid AND td.classoid = 'pg_class'::regclass AND td.objsubid = 0
 WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${IN_SCHEMAS} ORDER BY 1, 2, 3`;

const CONSTRAINTS = `SELECT n.nspname AS schema, c.relname AS tbl, con.conname AS name, con.contype AS type,
 (SELECT json_agg(a.attname ORDER BY k.o) FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n)::text AS cols,
 rn.nspname AS refschema, rc.relname AS reftable,
 (SELECT json_agg(a.attname ORDER BY k.o) FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n)::text AS refcols,
 con.confupdtype AS onupdate, con.confdeltype AS ondelete, con.condeferrable AS deferrable,
 con.condeferred AS deferred, CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid, true) END AS def
 FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 LEFT JOIN pg_class rc ON rc.oid = con.confrelid LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
 WHERE con.contype IN ('p', 'u', 'f', 'c') AND ${IN_SCHEMAS} ORDER BY 1, 2, 3`;

const INDEXES = `SELECT n.nspname AS schema, c.relname AS tbl, ic.relname AS name, i.indisunique AS uq,
 (SELECT json_agg(pg_get_indexdef(i.indexrelid, k, true) ORDER BY k) FROM generate_series(1, i.indnkeyatts::int) k)::text AS cols,
 pg_get_expr(i.indpred, i.indrelid, true) AS pred
 FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
 JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p') AND ${IN_SCHEMAS}
 AND NOT EXISTS (SELECT 1 FROM pg_constraint x WHERE x.conindid = i.indexrelid AND x.conrelid = i.indrelid AND x.contype IN ('p', 'u', 'x'))
 ORDER BY 1, 2, 3`;

const ENUMS = `SELECT n.nspname AS schema, t.typname AS name, json_agg(e.enumlabel ORDER BY e.enumsortorder)::text AS vals
 FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE ${IN_SCHEMAS} GROUP BY 1, 2 ORDER BY 1, 2`;

const ACTIONS: Record<string, ReferentialAction | null> = {
  a: null,
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

const IDENT = /^(?:"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)$/;

function unquote(s: string): string {
  return /^"(?:[^"]|"")*"$/.test(s) ? s.slice(1, -1).replaceAll('""', '"') : s;
}

/**
 * Reads the given schemas of a PostgreSQL database in five queries, whatever the table count.
 */
export async function introspectPostgresql(
  conn: QueryRunner,
  schemas: readonly (string | null)[] | undefined,
  exclude: ReadonlySet<string>,
): Promise<SchemaSpec> {
  const cs = String((await conn.execute('SELECT current_schema() AS cs')).rows[0]?.cs ?? 'public');
  const wanted = (schemas?.length ? schemas : [null]).map((s) => s ?? cs);
  const p = [JSON.stringify(wanted)];
  const colRows = (await conn.execute(COLUMNS, p)).rows;
  const conRows = (await conn.execute(CONSTRAINTS, p)).rows;
  const idxRows = (await conn.execute(INDEXES, p)).rows;
  const enumRows = (await conn.execute(ENUMS, p)).rows;
  const sch = (s: unknown): string | null => (s === cs || s === null || s === undefined ? null : String(s));
  const key = (r: Record<string, unknown>) => `${r.schema}\0${r.tbl}`;
  for (const r of [...colRows, ...conRows, ...idxRows]) r.k = key(r);
  const consBy = group(conRows, 'k');
  const idxBy = group(idxRows, 'k');
  const tables: TableSpec[] = [];
  for (const [k, rows] of group(colRows, 'k')) {
    const schema = sch(rows[0].schema);
    const name = String(rows[0].tbl);
    if (exclude.has(name) || (schema && exclude.has(`${schema}.${name}`))) continue;
    const columns: ColumnSpec[] = rows.map((r) => {
      let dflt = r.dflt === null || r.dflt === undefined ? null : String(r.dflt);
      let autoincrement = r.ident === 'a' || r.ident === 'd';
      if (dflt && /^nextval\('[^']*'::regclass\)$/.test(dflt)) {
        autoincrement = true;
        dflt = null;
      }
      return {
        name: String(r.name),
        type: String(r.type),
        nullable: !asBool(r.notnull),
        default: dflt,
        autoincrement,
        comment: r.comment === null || r.comment === undefined ? null : String(r.comment),
      };
    });
    const table: {
      -readonly [P in keyof TableSpec]-?: TableSpec[P] extends readonly (infer U)[] | undefined
        ? U[]
        : TableSpec[P];
    } = {
      name,
      schema,
      columns,
      primaryKey: null,
      uniqueConstraints: [],
      foreignKeys: [],
      checkConstraints: [],
      indexes: [],
      comment: rows[0].tcomment === null || rows[0].tcomment === undefined ? null : String(rows[0].tcomment),
    };
    for (const c of consBy.get(k) ?? []) {
      const cols = asArray(c.cols).map(String);
      const cname = String(c.name);
      if (c.type === 'p') table.primaryKey = { kind: 'primaryKey', name: cname, columns: cols };
      else if (c.type === 'u') table.uniqueConstraints.push({ kind: 'unique', name: cname, columns: cols });
      else if (c.type === 'c') {
        const def = String(c.def);
        const m = /^CHECK\s*\(([\s\S]*)\)(\s+NOT VALID)?$/i.exec(def);
        table.checkConstraints.push({ kind: 'check', name: cname, expression: m ? m[1] : def });
      } else if (c.type === 'f') {
        const fk: ForeignKeySpec = {
          kind: 'foreignKey',
          name: cname,
          columns: cols,
          referredTable: String(c.reftable),
          referredSchema: sch(c.refschema),
          referredColumns: asArray(c.refcols).map(String),
          onUpdate: ACTIONS[String(c.onupdate)] ?? null,
          onDelete: ACTIONS[String(c.ondelete)] ?? null,
          deferrable: asBool(c.deferrable) ? true : null,
          initially: asBool(c.deferred) ? 'deferred' : null,
        };
        table.foreignKeys.push(fk);
      }
    }
    for (const i of idxBy.get(k) ?? []) {
      const raw = asArray(i.cols).map(String);
      const exprs = raw.map((c) => !IDENT.test(c));
      table.indexes.push({
        name: String(i.name),
        columns: raw.map((c, n) => (exprs[n] ? c : unquote(c))),
        ...(exprs.some(Boolean) ? { expressions: exprs } : {}),
        unique: asBool(i.uq),
        where: i.pred === null || i.pred === undefined ? null : String(i.pred),
      });
    }
    tables.push(table);
  }
  const enums: EnumSpec[] = enumRows.map((r) => ({
    name: String(r.name),
    schema: sch(r.schema),
    values: asArray(r.vals).map(String),
  }));
  return { tables, enums };
}
