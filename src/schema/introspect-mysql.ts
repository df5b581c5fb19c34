import type {
  ColumnSpec,
  ForeignKeySpec,
  IndexSpec,
  ReferentialAction,
  SchemaSpec,
  TableSpec,
  UniqueConstraintSpec,
} from '../dialects/schema-nodes.js';
import { group } from './introspect-sqlite.js';
import type { QueryRunner } from './introspect-types.js';

const TABLES = `SELECT TABLE_NAME AS tbl, TABLE_COMMENT AS tcomment FROM information_schema.TABLES
 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`;
const COLUMNS = `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_TYPE AS type, DATA_TYPE AS dtype,
 IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra, COLUMN_COMMENT AS comment
 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`;
const STATS = `SELECT TABLE_NAME AS tbl, INDEX_NAME AS idx, NON_UNIQUE AS nonunique, SEQ_IN_INDEX AS seq, COLUMN_NAME AS col
 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`;
const CONSTRAINTS = `SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, CONSTRAINT_TYPE AS type
 FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE()`;
const FKS = `SELECT k.TABLE_NAME AS tbl, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col, k.REFERENCED_TABLE_SCHEMA AS refschema,
 k.REFERENCED_TABLE_NAME AS reftable, k.REFERENCED_COLUMN_NAME AS refcol, r.UPDATE_RULE AS onupdate, r.DELETE_RULE AS ondelete,
 DATABASE() AS db
 FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r
 ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
 WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
 ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`;
const CHECKS = `SELECT *, VERSION() AS version FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`;

const NUMERIC =
  /^(tinyint|smallint|mediumint|int|integer|bigint|decimal|numeric|float|double|real|bit|year)\b/i;

function act(v: unknown): ReferentialAction | null {
  const s = String(v ?? '').toLowerCase();
  return s === '' || s === 'no action' || s === 'restrict' ? null : (s as ReferentialAction);
}

function lower(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v])));
}

/** Reads every table of the current MySQL/MariaDB database in six queries. */
export async function introspectMysql(conn: QueryRunner, exclude: ReadonlySet<string>): Promise<SchemaSpec> {
  const tblRows = lower((await conn.execute(TABLES)).rows);
  const colRows = lower((await conn.execute(COLUMNS)).rows);
  const statRows = lower((await conn.execute(STATS)).rows);
  const conRows = lower((await conn.execute(CONSTRAINTS)).rows);
  const fkRows = lower((await conn.execute(FKS)).rows);
  const chkRows = lower((await conn.execute(CHECKS)).rows);
  const mariadb = /mariadb/i.test(
    String(chkRows[0]?.version ?? (await conn.execute('SELECT VERSION() AS v')).rows[0]?.v ?? ''),
  );
  const colsBy = group(colRows, 'tbl');
  const statsBy = group(statRows, 'tbl');
  const consBy = group(conRows, 'tbl');
  const fksBy = group(fkRows, 'tbl');
  const tables: TableSpec[] = [];
  for (const t of tblRows) {
    const name = String(t.tbl);
    if (exclude.has(name)) continue;
    const columns: ColumnSpec[] = (colsBy.get(name) ?? []).map((r) => {
      const nullable = r.nullable === 'YES';
      let dflt = r.dflt === null || r.dflt === undefined ? null : String(r.dflt);
      const extra = String(r.extra ?? '');
      if (mariadb) {
        if (dflt === 'NULL') dflt = null;
      } else if (dflt !== null) {
        // MySQL 8 prints literals raw; expressions are flagged DEFAULT_GENERATED.
        if (/DEFAULT_GENERATED/i.test(extra)) dflt = /^current_timestamp/i.test(dflt) ? dflt : `(${dflt})`;
        else if (!NUMERIC.test(String(r.type))) dflt = `'${dflt.replace(/'/g, "''")}'`;
      }
      return {
        name: String(r.name),
        type: String(r.type),
        nullable,
        default: dflt,
        autoincrement: /auto_increment/i.test(extra),
        comment: r.comment ? String(r.comment) : null,
      };
    });
    const types = new Map<string, string>();
    for (const c of consBy.get(name) ?? []) types.set(String(c.name), String(c.type));
    const foreignKeys: ForeignKeySpec[] = [];
    for (const [fkName, parts] of group(fksBy.get(name) ?? [], 'name')) {
      foreignKeys.push({
        kind: 'foreignKey',
        name: fkName,
        columns: parts.map((p) => String(p.col)),
        referredTable: String(parts[0].reftable),
        referredSchema: parts[0].refschema === parts[0].db ? null : String(parts[0].refschema),
        referredColumns: parts.map((p) => String(p.refcol)),
        onUpdate: act(parts[0].onupdate),
        onDelete: act(parts[0].ondelete),
      });
    }
    let primaryKey: TableSpec['primaryKey'] = null;
    const uniqueConstraints: UniqueConstraintSpec[] = [];
    const indexes: IndexSpec[] = [];
    for (const [idx, parts] of group(statsBy.get(name) ?? [], 'idx')) {
      const cols = parts.map((p) => String(p.col ?? ''));
      if (idx === 'PRIMARY') primaryKey = { kind: 'primaryKey', name: null, columns: cols };
      else if (types.get(idx) === 'UNIQUE')
        uniqueConstraints.push({ kind: 'unique', name: idx, columns: cols });
      else {
        // InnoDB creates an index for a foreign key that has none, named after the key.
        const fk = foreignKeys.find((f) => f.name === idx);
        if (fk && fk.columns.join('\0') === cols.join('\0')) continue;
        indexes.push({ name: idx, columns: cols, unique: Number(parts[0].nonunique) === 0, where: null });
      }
    }
    const checkConstraints = chkRows
      .filter((c) =>
        c.table_name === undefined ? types.get(String(c.constraint_name)) === 'CHECK' : c.table_name === name,
      )
      .filter((c) => !(String(c.level ?? '') === 'Column' && /^json_valid\(/i.test(String(c.check_clause))))
      .map((c) => ({
        kind: 'check' as const,
        name: String(c.constraint_name),
        expression: String(c.check_clause),
      }));
    tables.push({
      name,
      schema: null,
      columns,
      primaryKey,
      uniqueConstraints,
      foreignKeys,
      checkConstraints,
      indexes,
      comment: t.tcomment ? String(t.tcomment) : null,
    });
  }
  return { tables, enums: [] };
}
