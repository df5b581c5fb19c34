/**
 * The neutral schema model. The node types live in the dialects layer (every layer shares
 * them); this file re-exports them and adds the small helpers the schema and autogenerate
 * layers need to key and normalise tables.
 */
export type {
  CheckConstraintSpec,
  ColumnSpec,
  ConstraintSpec,
  EnumSpec,
  ForeignKeySpec,
  IndexSpec,
  PrimaryKeySpec,
  ReferentialAction,
  SchemaSpec,
  TableSpec,
  UniqueConstraintSpec,
} from '../dialects/schema-nodes.js';

import type { TableSpec } from '../dialects/schema-nodes.js';

/** Dialect names the schema layer understands (PGlite is `postgresql`, MariaDB is `mysql`). */
export type SchemaDialect = 'sqlite' | 'postgresql' | 'mysql';

/**
 * A table's key in maps: `schema.name`, or just `name` in the default schema.
 *
 * @example tableKey({ name: 'user', schema: 'auth' }) // 'auth.user'
 */
export function tableKey(table: Pick<TableSpec, 'name' | 'schema'>): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}
