import { CommandError } from '../util/errors.js';

/**
 * An engine as the app gives it: a database URL (`sqlite:app.db`, `sqlite::memory:`,
 * `postgres://…`, `mysql://…`, `pglite:path`), a Kysely instance, or a Drizzle database.
 */
export type EngineInput = string | object;

/**
 * Table metadata as the app gives it: a `SchemaSpec` (from `fromPlain`/`fromDrizzle`), a
 * Drizzle schema object (`import * as schema from './schema'`), or a single Drizzle table.
 */
export type MetadataInput = object;

/** `metadatas` in any of Flask-Alembic's forms. */
export type MetadatasOption =
  | MetadataInput
  | readonly MetadataInput[]
  | Record<string, MetadataInput | readonly MetadataInput[]>;

/** `engines` in any of Flask-Alembic's forms. */
export type EnginesOption = EngineInput | Record<string, EngineInput>;

const IS_DRIZZLE_TABLE = Symbol.for('drizzle:IsDrizzleTable');

/** A Drizzle table object (`sqliteTable(...)`, `pgTable(...)`, `mysqlTable(...)`). */
export function isDrizzleTable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as any)[IS_DRIZZLE_TABLE] === true;
}

/** A neutral `SchemaSpec` (`{ tables: [...] }`). */
export function isSchemaSpec(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Array.isArray((value as any).tables);
}

/** A Drizzle database (`drizzle(client, { schema })`). */
export function isDrizzleDatabase(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const inner = (value as any)._;
  if ('$client' in (value as any)) return true;
  return typeof inner === 'object' && inner !== null && 'fullSchema' in inner && 'session' in (value as any);
}

/** A Kysely instance. */
export function isKysely(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as any).selectFrom === 'function' &&
    typeof (value as any).introspection === 'object'
  );
}

/** The tables of a Drizzle database built with a schema, or `null`. */
export function drizzleDatabaseTables(db: unknown): Record<string, unknown> | null {
  if (!isDrizzleDatabase(db)) return null;
  const full = (db as any)._.fullSchema as Record<string, unknown> | undefined;
  if (!full) return null;
  const tables = Object.fromEntries(Object.entries(full).filter(([, v]) => isDrizzleTable(v)));
  return Object.keys(tables).length > 0 ? tables : null;
}

/** One metadata: a SchemaSpec, a Drizzle table, or an object whose values are Drizzle tables. */
function isSingleMetadata(value: unknown): boolean {
  if (isSchemaSpec(value) || isDrizzleTable(value)) return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const values = Object.values(value);
  return values.length > 0 && values.some((v) => isDrizzleTable(v)) && !values.some((v) => isSchemaSpec(v));
}

/** Normalise `metadatas` into database name → list of metadata (`default` for one or a list). */
export function normalizeMetadatas(input: MetadatasOption | undefined | null): Map<string, MetadataInput[]> {
  const out = new Map<string, MetadataInput[]>();
  if (input == null) return out;
  if (Array.isArray(input)) {
    out.set('default', [...input]);
  } else if (isSingleMetadata(input)) {
    out.set('default', [input]);
  } else if (typeof input === 'object') {
    for (const [name, value] of Object.entries(input)) {
      out.set(name, Array.isArray(value) ? [...value] : [value as MetadataInput]);
    }
  } else {
    throw new CommandError(`Unsupported 'metadatas' value: ${typeof input}.`);
  }
  return out;
}

function isSingleEngine(value: unknown): boolean {
  return typeof value === 'string' || isKysely(value) || isDrizzleDatabase(value);
}

/** Normalise `engines` into database name → engine input (`default` for a single engine). */
export function normalizeEngines(input: EnginesOption | undefined | null): Map<string, EngineInput> {
  const out = new Map<string, EngineInput>();
  if (input == null) return out;
  if (isSingleEngine(input)) {
    out.set('default', input);
  } else if (typeof input === 'object') {
    for (const [name, value] of Object.entries(input)) out.set(name, value as EngineInput);
  } else {
    throw new CommandError(`Unsupported 'engines' value: ${typeof input}.`);
  }
  return out;
}

/** Flask-Alembic's "Missing engine config for 'x'." check. */
export function checkMissingEngines(metadataNames: Iterable<string>, engineNames: Iterable<string>): void {
  const have = new Set(engineNames);
  const missing = [...metadataNames].filter((n) => !have.has(n));
  if (missing.length === 0) return;
  const plural = missing.length === 1 ? 'config' : 'configs';
  throw new CommandError(`Missing engine ${plural} for ${missing.map((n) => `'${n}'`).join(', ')}.`);
}
