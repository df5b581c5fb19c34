/**
 * The neutral description of tables, columns and constraints that every layer above the
 * dialects speaks: operations carry these, dialects compile them to DDL, the schema layer
 * builds them from Drizzle tables, plain objects or a live database, and autogenerate
 * compares two sets of them.
 *
 * They are plain, immutable data (as Kysely's operation nodes are), so they can be
 * compared, rendered as TypeScript and serialised without surprises.
 *
 * Types are SQL text (`varchar(80)`, `integer`, `timestamp with time zone`, `mood` for a
 * PostgreSQL enum). A few generic names (`boolean`, `json`, `uuid`, `datetime`, `text`,
 * `integer`, `bigint`, `float`, `double`, `string(n)`) are mapped per dialect by
 * `Dialect.compileType`; anything else passes through as written.
 *
 * Server defaults are SQL expression text exactly as it would appear after `DEFAULT`
 * (`'open'` with its quotes, `0`, `now()`, `CURRENT_TIMESTAMP`).
 */

export type ReferentialAction = 'cascade' | 'restrict' | 'no action' | 'set null' | 'set default';

export interface ColumnSpec {
  readonly name: string;
  readonly type: string;
  /** Defaults to true, as SQLAlchemy's Column; a primary key column is never null. */
  readonly nullable?: boolean;
  /** SQL expression text after DEFAULT; `null` or absent means none. */
  readonly default?: string | null;
  /** Integer primary key that the database numbers by itself (serial / identity / AUTO_INCREMENT / rowid). */
  readonly autoincrement?: boolean;
  /** Shorthand for a single-column primary key declared on the column. */
  readonly primaryKey?: boolean;
  readonly comment?: string | null;
}

export interface PrimaryKeySpec {
  readonly kind: 'primaryKey';
  readonly name?: string | null;
  readonly columns: readonly string[];
}

export interface UniqueConstraintSpec {
  readonly kind: 'unique';
  readonly name?: string | null;
  readonly columns: readonly string[];
}

export interface ForeignKeySpec {
  readonly kind: 'foreignKey';
  readonly name?: string | null;
  readonly columns: readonly string[];
  readonly referredTable: string;
  readonly referredSchema?: string | null;
  readonly referredColumns: readonly string[];
  readonly onDelete?: ReferentialAction | null;
  readonly onUpdate?: ReferentialAction | null;
  readonly deferrable?: boolean | null;
  readonly initially?: 'deferred' | 'immediate' | null;
}

export interface CheckConstraintSpec {
  readonly kind: 'check';
  readonly name?: string | null;
  /** SQL boolean expression text, without the surrounding CHECK ( ). */
  readonly expression: string;
}

export type ConstraintSpec = PrimaryKeySpec | UniqueConstraintSpec | ForeignKeySpec | CheckConstraintSpec;

export interface IndexSpec {
  readonly name: string;
  /** Column names, or SQL expressions when `expressions` is true for that position. */
  readonly columns: readonly string[];
  /** Per position of `columns`: true when that entry is SQL expression text, not a column name. */
  readonly expressions?: readonly boolean[];
  readonly unique?: boolean;
  /** Partial index predicate (PostgreSQL, SQLite). */
  readonly where?: string | null;
}

export interface TableSpec {
  readonly name: string;
  readonly schema?: string | null;
  readonly columns: readonly ColumnSpec[];
  readonly primaryKey?: PrimaryKeySpec | null;
  readonly uniqueConstraints?: readonly UniqueConstraintSpec[];
  readonly foreignKeys?: readonly ForeignKeySpec[];
  readonly checkConstraints?: readonly CheckConstraintSpec[];
  readonly indexes?: readonly IndexSpec[];
  readonly comment?: string | null;
}

/** A PostgreSQL enum type (`CREATE TYPE name AS ENUM (...)`). */
export interface EnumSpec {
  readonly name: string;
  readonly schema?: string | null;
  readonly values: readonly string[];
}

/** A whole database (or the app's metadata for one database) in the neutral model. */
export interface SchemaSpec {
  readonly tables: readonly TableSpec[];
  readonly enums?: readonly EnumSpec[];
}
