import {
  type Connection,
  createEngine,
  type Dialect,
  type Engine,
  getDialect,
} from '../../src/dialects/index.js';
import { Operations } from '../../src/operations/index.js';

/** Operations writing SQL text for a dialect (offline). */
export function offlineOps(dialect: 'sqlite' | 'postgresql' | 'mysql'): { op: Operations; out: string[] } {
  const out: string[] = [];
  const op = new Operations({
    dialect: getDialect(dialect),
    asSql: true,
    emit: (s) => out.push(s),
    database: '',
  });
  return { op, out };
}

/** Operations on a live connection. */
export function onlineOps(
  conn: Connection,
  extra: Partial<{ foreignKeysOff(): Promise<boolean> }> = {},
): Operations {
  return new Operations({
    dialect: conn.dialect,
    connection: conn,
    asSql: false,
    emit: () => {},
    database: '',
    ...extra,
  });
}

export async function withOps<T>(
  url: string,
  fn: (op: Operations, conn: Connection) => Promise<T>,
): Promise<T> {
  const engine: Engine = createEngine(url);
  try {
    return await engine.withConnection((conn) => fn(onlineOps(conn), conn));
  } finally {
    await engine.close();
  }
}

export interface ColumnInfo {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
}

/** Columns of a table from the catalog, in order. */
export async function columnsOf(conn: Connection, table: string): Promise<ColumnInfo[]> {
  const d: Dialect = conn.dialect;
  if (d.name === 'sqlite') {
    const { rows } = await conn.execute(`PRAGMA table_info(${d.literal(table)})`);
    return rows.map((r) => ({
      name: String(r.name),
      type: String(r.type),
      nullable: Number(r.notnull) === 0 && Number(r.pk) === 0,
      default: r.dflt_value == null ? null : String(r.dflt_value),
    }));
  }
  const schemaCond =
    d.name === 'postgresql' ? 'table_schema = current_schema()' : 'table_schema = DATABASE()';
  const { rows } = await conn.execute(
    `SELECT column_name AS name, ${d.name === 'postgresql' ? 'data_type' : 'column_type'} AS type, is_nullable AS nullable, column_default AS dflt FROM information_schema.columns WHERE ${schemaCond} AND table_name = ${d.literal(table)} ORDER BY ordinal_position`,
  );
  return rows.map((r) => ({
    name: String(r.name ?? r.NAME),
    type: String(r.type ?? r.TYPE),
    nullable: String(r.nullable ?? r.NULLABLE) === 'YES',
    // MariaDB reports "no default" on a nullable column as the text NULL.
    default:
      (r.dflt ?? r.DFLT) == null || (d.name === 'mysql' && r.dflt === 'NULL')
        ? null
        : String(r.dflt ?? r.DFLT),
  }));
}

export async function tableExists(conn: Connection, table: string): Promise<boolean> {
  const d = conn.dialect;
  if (d.name === 'sqlite') {
    const { rows } = await conn.execute(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name = ${d.literal(table)}`,
    );
    return rows.length > 0;
  }
  const schemaCond =
    d.name === 'postgresql' ? 'table_schema = current_schema()' : 'table_schema = DATABASE()';
  const { rows } = await conn.execute(
    `SELECT table_name FROM information_schema.tables WHERE ${schemaCond} AND table_name = ${d.literal(table)}`,
  );
  return rows.length > 0;
}

/** Index names of a table (not constraint-backed ones on SQLite). */
export async function indexesOf(
  conn: Connection,
  table: string,
): Promise<{ name: string; unique: boolean }[]> {
  const d = conn.dialect;
  if (d.name === 'sqlite') {
    const { rows } = await conn.execute(`PRAGMA index_list(${d.literal(table)})`);
    return rows
      .filter((r) => r.origin === 'c')
      .map((r) => ({ name: String(r.name), unique: Number(r.unique) === 1 }));
  }
  if (d.name === 'postgresql') {
    const { rows } = await conn.execute(
      `SELECT i.relname AS name, x.indisunique AS uniq FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = ${d.literal(table)} AND NOT x.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
    );
    return rows.map((r) => ({ name: String(r.name), unique: r.uniq === true }));
  }
  const { rows } = await conn.execute(
    `SELECT DISTINCT index_name AS name, non_unique AS nu FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ${d.literal(table)} AND index_name <> 'PRIMARY'`,
  );
  return rows.map((r) => ({ name: String(r.name ?? r.NAME), unique: Number(r.nu ?? r.NU) === 0 }));
}

/** Named constraints of a table: [name, kind] with kind in p/u/f/c. */
export async function constraintsOf(conn: Connection, table: string): Promise<[string, string][]> {
  const d = conn.dialect;
  if (d.name === 'postgresql') {
    const { rows } = await conn.execute(
      `SELECT c.conname AS name, c.contype AS kind FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE t.relname = ${d.literal(table)} AND c.contype IN ('p','u','f','c') ORDER BY c.conname`,
    );
    return rows.map((r) => [String(r.name), String(r.kind)]);
  }
  if (d.name === 'mysql') {
    const { rows } = await conn.execute(
      `SELECT constraint_name AS name, constraint_type AS kind FROM information_schema.table_constraints WHERE table_schema = DATABASE() AND table_name = ${d.literal(table)} ORDER BY constraint_name`,
    );
    const map: Record<string, string> = { 'PRIMARY KEY': 'p', UNIQUE: 'u', 'FOREIGN KEY': 'f', CHECK: 'c' };
    return rows.map((r) => [String(r.name ?? r.NAME), map[String(r.kind ?? r.KIND)] ?? '?']);
  }
  // SQLite: names only live in the CREATE TABLE text.
  const { rows } = await conn.execute(`SELECT sql FROM sqlite_master WHERE name = ${d.literal(table)}`);
  const text = String(rows[0]?.sql ?? '');
  const out: [string, string][] = [];
  const re = /CONSTRAINT\s+"((?:[^"]|"")+)"\s+(PRIMARY|UNIQUE|FOREIGN|CHECK)/gi;
  for (const m of text.matchAll(re)) {
    const kind = { PRIMARY: 'p', UNIQUE: 'u', FOREIGN: 'f', CHECK: 'c' }[
      (m[2] as string).toUpperCase()
    ] as string;
    out.push([(m[1] as string).replaceAll('""', '"'), kind]);
  }
  return out.sort();
}

export async function count(conn: Connection, table: string): Promise<number> {
  const { rows } = await conn.execute(`SELECT count(*) AS n FROM ${conn.dialect.quoteTable(table)}`);
  return Number(rows[0]?.n ?? rows[0]?.N);
}
