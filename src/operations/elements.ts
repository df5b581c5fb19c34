import { type RawBuilder, sql } from '../vendor/kysely.js';
import type {
  CheckConstraintSpec,
  ColumnSpec,
  Dialect,
  ForeignKeySpec,
  PrimaryKeySpec,
  ReferentialAction,
  UniqueConstraintSpec,
} from '../dialects/index.js';

export interface ColumnOptions {
  readonly nullable?: boolean;
  /** SQL expression text after DEFAULT (`'open'`, `0`, `now()`). */
  readonly serverDefault?: string | null;
  /** Alias of `serverDefault`. */
  readonly default?: string | null;
  readonly primaryKey?: boolean;
  readonly autoincrement?: boolean;
  readonly comment?: string | null;
}

/** A column for `createTable` / `addColumn`. */
export function column(name: string, type: string, opts: ColumnOptions = {}): ColumnSpec {
  const dflt = opts.serverDefault !== undefined ? opts.serverDefault : opts.default;
  return Object.freeze({
    name,
    type,
    ...(opts.nullable !== undefined ? { nullable: opts.nullable } : {}),
    ...(dflt != null ? { default: dflt } : {}),
    ...(opts.primaryKey ? { primaryKey: true } : {}),
    ...(opts.autoincrement ? { autoincrement: true } : {}),
    ...(opts.comment != null ? { comment: opts.comment } : {}),
  });
}

export function primaryKey(columns: readonly string[], opts: { name?: string | null } = {}): PrimaryKeySpec {
  return Object.freeze({ kind: 'primaryKey', name: opts.name ?? null, columns: Object.freeze([...columns]) });
}

export function unique(
  columns: readonly string[],
  opts: { name?: string | null } = {},
): UniqueConstraintSpec {
  return Object.freeze({ kind: 'unique', name: opts.name ?? null, columns: Object.freeze([...columns]) });
}

export interface ForeignKeyElementOptions {
  readonly name?: string | null;
  readonly onDelete?: ReferentialAction | null;
  readonly onUpdate?: ReferentialAction | null;
  readonly deferrable?: boolean | null;
  readonly initially?: 'deferred' | 'immediate' | null;
  readonly referredSchema?: string | null;
}

export function foreignKey(
  columns: readonly string[],
  referredTable: string,
  referredColumns: readonly string[],
  opts: ForeignKeyElementOptions = {},
): ForeignKeySpec {
  return Object.freeze({
    kind: 'foreignKey',
    name: opts.name ?? null,
    columns: Object.freeze([...columns]),
    referredTable,
    referredSchema: opts.referredSchema ?? null,
    referredColumns: Object.freeze([...referredColumns]),
    onDelete: opts.onDelete ?? null,
    onUpdate: opts.onUpdate ?? null,
    deferrable: opts.deferrable ?? null,
    initially: opts.initially ?? null,
  });
}

export function check(expression: string, opts: { name?: string | null } = {}): CheckConstraintSpec {
  return Object.freeze({ kind: 'check', name: opts.name ?? null, expression });
}

const INLINE = Symbol.for('retort.inlineLiteral');

/** A value that is always written into the SQL as a literal (never a bound parameter). */
export type InlineLiteral = RawBuilder<unknown> & { readonly [INLINE]: { readonly value: unknown } };

/**
 * Alembic's `inline_literal`: usable inside a Kysely `sql` template and as a
 * `bulkInsert` value; rendered as a literal of the dialect both online and offline.
 */
export function inlineLiteral(dialect: Dialect, value: unknown): InlineLiteral {
  const raw = sql.raw(dialect.literal(value));
  return Object.assign(raw, { [INLINE]: Object.freeze({ value }) }) as InlineLiteral;
}

export function isInlineLiteral(x: unknown): x is InlineLiteral {
  return typeof x === 'object' && x !== null && INLINE in x;
}

export function inlineLiteralValue(x: InlineLiteral): unknown {
  return x[INLINE].value;
}
