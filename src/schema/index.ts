export { drizzleTableDialect, fromDrizzle } from './from-drizzle.js';
export { fromPlain, normalizeTable, SchemaSpecError } from './from-plain.js';
export { introspect } from './introspect.js';
export type { IntrospectOptions, QueryRunner } from './introspect-types.js';
export * from './model.js';
export { sqlLiteral } from './sql-literal.js';
