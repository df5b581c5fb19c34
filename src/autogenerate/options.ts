import type { ColumnSpec, SchemaDialect } from '../schema/index.js';

export type ObjectType =
  | 'schema'
  | 'table'
  | 'column'
  | 'index'
  | 'unique_constraint'
  | 'foreign_key_constraint'
  | 'check_constraint'
  | 'enum';

export interface ParentNames {
  schemaName?: string | null;
  tableName?: string | null;
}

/**
 * Decides whether one object takes part in the comparison (Alembic's `include_object`).
 * `reflected` is true for objects read from the database; `compareTo` is the other side's
 * object of the same name, or null.
 */
export type IncludeObject = (
  obj: unknown,
  name: string | null,
  type: ObjectType,
  reflected: boolean,
  compareTo: unknown,
) => boolean;

/** Filters reflected names before they are compared (Alembic's `include_name`). */
export type IncludeName = (name: string | null, type: ObjectType, parentNames: ParentNames) => boolean;

/** `true` = the types differ, `false` = they do not, `undefined` = let retort decide. */
export type CompareTypeFn = (
  inspectedColumn: ColumnSpec,
  metadataColumn: ColumnSpec,
  inspectedType: string,
  metadataType: string,
) => boolean | undefined | null;

/** `true` = the defaults differ, `false` = they do not, `undefined` = let retort decide. */
export type CompareServerDefaultFn = (
  inspectedColumn: ColumnSpec,
  metadataColumn: ColumnSpec,
  inspectedDefault: string | null,
  metadataDefault: string | null,
) => boolean | undefined | null;

export interface CompareOptions {
  /** Database family whose normalisation rules apply. */
  dialect: SchemaDialect;
  /** The database's default schema; metadata tables in it are treated as unqualified (PostgreSQL: `public`). */
  defaultSchema?: string | null;
  /** Compare column types (default true). */
  compareType?: boolean | CompareTypeFn;
  /** Compare server defaults (default true). */
  compareServerDefault?: boolean | CompareServerDefaultFn;
  includeObject?: IncludeObject;
  includeName?: IncludeName;
  /** Compare tables in schemas other than the default one (default false). */
  includeSchemas?: boolean;
  /** Maps the model's generic type names to this dialect's (Dialect.compileType). */
  compileType?: (type: string) => string;
  /** Tables never compared (the version table). */
  excludeTables?: readonly string[];
}
