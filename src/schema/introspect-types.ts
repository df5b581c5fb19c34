import type { SchemaDialect } from './model.js';

/**
 * The one thing introspection needs from a connection: run SQL with parameters and get rows
 * back. The dialects layer's `Connection` satisfies it.
 */
export interface QueryRunner {
  execute(sql: string, params?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  readonly dialect?: { readonly name: string };
}

export interface IntrospectOptions {
  /** Which database family; defaults to `connection.dialect.name`. */
  dialect?: SchemaDialect;
  /** PostgreSQL schemas to read (default: the current schema only). */
  schemas?: readonly (string | null)[];
  /** Tables to leave out, e.g. the version table (`name` or `schema.name`). */
  excludeTables?: readonly string[];
}

export function asArray(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s.startsWith('[')) return JSON.parse(s) as unknown[];
  }
  return [v];
}

export function asBool(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 't' || v === 'true' || v === 'YES' || v === 1n;
}
