import type { SchemaDialect } from './model.js';

/**
 * SQL literal text for a JavaScript value used as a column default (`.default(0)`,
 * `.default('x')`, `.default(true)`), so that it reads as the database would print it.
 */
export function sqlLiteral(value: unknown, dialect: SchemaDialect): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') {
    if (dialect === 'mysql') return value ? '1' : '0';
    return value ? 'true' : 'false';
  }
  if (value instanceof Date) return quote(value.toISOString(), dialect);
  if (typeof value === 'string') return quote(value, dialect);
  if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString('hex')}'`;
  return quote(JSON.stringify(value), dialect);
}

function quote(s: string, dialect: SchemaDialect): string {
  let body = s.replace(/'/g, "''");
  if (dialect === 'mysql') body = body.replace(/\\/g, '\\\\');
  return `'${body}'`;
}
