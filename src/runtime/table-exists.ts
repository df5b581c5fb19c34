import type { RuntimeConnection, RuntimeDialect } from './contracts.js';

/**
 * Whether a table exists, from the catalog only: a failed SELECT on a missing table would
 * abort a PostgreSQL transaction, a catalog read never does.
 */
export async function tableExists(
  conn: RuntimeConnection,
  dialect: RuntimeDialect,
  name: string,
  schema: string | null,
): Promise<boolean> {
  const table = dialect.literal(name);
  let sql: string;
  switch (dialect.name) {
    case 'sqlite': {
      const master = schema ? `${dialect.quoteIdentifier(schema)}.sqlite_master` : 'sqlite_master';
      sql = `SELECT 1 AS present FROM ${master} WHERE type = 'table' AND name = ${table}`;
      break;
    }
    case 'postgresql':
      sql = `SELECT 1 AS present FROM pg_catalog.pg_tables WHERE tablename = ${table} AND schemaname = ${schema ? dialect.literal(schema) : 'current_schema()'}`;
      break;
    case 'mysql':
      sql = `SELECT 1 AS present FROM information_schema.tables WHERE table_name = ${table} AND table_schema = ${schema ? dialect.literal(schema) : 'DATABASE()'}`;
      break;
  }
  return (await conn.execute(sql)).rows.length > 0;
}
