import type { SchemaSpec } from '../dialects/schema-nodes.js';
import { RetortError } from '../util/errors.js';
import { introspectMysql } from './introspect-mysql.js';
import { introspectPostgresql } from './introspect-postgresql.js';
import { introspectSqlite } from './introspect-sqlite.js';
import type { IntrospectOptions, QueryRunner } from './introspect-types.js';
import type { SchemaDialect } from './model.js';

/**
 * Reads a live database into the neutral model, in a constant number of queries whatever
 * the table count (catalog queries fetch every table at once).
 *
 * @example
 * const spec = await introspect(conn, { excludeTables: ['alembic_version'] });
 */
export async function introspect(
  connection: QueryRunner,
  options: IntrospectOptions = {},
): Promise<SchemaSpec> {
  const dialect = (options.dialect ?? connection.dialect?.name) as SchemaDialect | undefined;
  const exclude = new Set(options.excludeTables ?? []);
  switch (dialect) {
    case 'sqlite':
      return introspectSqlite(connection, exclude);
    case 'postgresql':
      return introspectPostgresql(connection, options.schemas, exclude);
    case 'mysql':
      return introspectMysql(connection, exclude);
    default:
      throw new RetortError(`Cannot introspect: unknown dialect ${JSON.stringify(dialect)}`);
  }
}
