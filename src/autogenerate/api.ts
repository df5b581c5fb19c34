import {
  fromDrizzle,
  fromPlain,
  introspect,
  type QueryRunner,
  type SchemaDialect,
  type SchemaSpec,
  type TableSpec,
  type EnumSpec,
} from '../schema/index.js';
import { RetortError } from '../util/errors.js';
import { compareToOps } from './compare.js';
import { canonicalDefault } from './normalize.js';
import { type DiffList, toDiffs } from './diffs.js';
import { type AutogenOp, reverseOps } from './ops.js';
import type { CompareOptions } from './options.js';
import { toDowngradeOps, toUpgradeOps } from './to-operations.js';
import type { DowngradeOps, UpgradeOps } from '../operations/index.js';

/** Options of the database-facing API; the dialect comes from the connection when omitted. */
export type AutogenerateOptions = Omit<CompareOptions, 'dialect'> & {
  dialect?: SchemaDialect;
  /** Group changes to existing tables into batch operations (Alembic's `render_as_batch`; SQLite needs it). */
  renderAsBatch?: boolean;
};

export interface ProducedOps {
  readonly upgradeOps: AutogenOp[];
  readonly downgradeOps: AutogenOp[];
  readonly destructive: boolean;
  readonly hints: string[];
}

export interface ProducedMigrations extends ProducedOps {
  readonly diffs: DiffList;
  /** The same upgrade as the operations layer's op objects (`Operations.invoke` runs them). */
  readonly upgradeOperations: UpgradeOps;
  readonly downgradeOperations: DowngradeOps;
}

/**
 * Alembic's `compare_metadata` on two schemas already in the neutral model: the list of
 * differences, with `destructive` and `hints` attached.
 *
 * @example
 * const diffs = compareSchemas(fromDrizzle(schema), await introspect(conn), { dialect: 'postgresql' });
 * if (diffs.length) console.log(diffs);
 */
export function compareSchemas(
  metadata: SchemaSpec,
  database: SchemaSpec,
  options: CompareOptions,
): DiffList {
  const r = compareToOps(metadata, database, options);
  return Object.assign(r.ops.flatMap(toDiffs), { destructive: r.destructive, hints: r.hints });
}

/** The upgrade ops that bring `database` to `metadata`, and their reverse for downgrade. */
export function produceOps(metadata: SchemaSpec, database: SchemaSpec, options: CompareOptions): ProducedOps {
  const r = compareToOps(metadata, database, options);
  return { upgradeOps: r.ops, downgradeOps: reverseOps(r.ops), destructive: r.destructive, hints: r.hints };
}

/** Metadata as the app may hold it: a schema, a Drizzle module/table list, or several of them. */
export type MetadataInput =
  | SchemaSpec
  | Record<string, unknown>
  | readonly unknown[]
  | readonly (SchemaSpec | Record<string, unknown>)[];

function isSpec(v: unknown): v is SchemaSpec {
  return !!v && typeof v === 'object' && Array.isArray((v as SchemaSpec).tables);
}

function isDrizzleTable(v: object): boolean {
  return (v as Record<symbol, unknown>)[Symbol.for('drizzle:IsDrizzleTable')] === true;
}

/** Turns any accepted metadata form into one `SchemaSpec`. */
export function toSchemaSpec(input: MetadataInput): SchemaSpec {
  if (isSpec(input)) return fromPlain(input);
  const parts =
    Array.isArray(input) && input.length > 0 && input.every(isSpec)
      ? (input as SchemaSpec[]).map(fromPlain)
      : Array.isArray(input) &&
          input.some((x) => isSpec(x) || (x && typeof x === 'object' && !isDrizzleTable(x)))
        ? (input as unknown[]).map((x) => (isSpec(x) ? fromPlain(x) : fromDrizzle(x)))
        : [fromDrizzle(input)];
  const tables: TableSpec[] = [];
  const enums: EnumSpec[] = [];
  for (const p of parts) {
    tables.push(...p.tables);
    enums.push(...(p.enums ?? []));
  }
  return fromPlain({ tables, enums });
}

export interface DatabaseCompareInput {
  /** A live connection (the dialects layer's `Connection`, or anything with `execute`). */
  connection: QueryRunner & { dialect?: { name: string; compileType?(type: string): string } };
  dialect?: SchemaDialect;
  metadata: MetadataInput;
  options?: AutogenerateOptions;
  /** The version table, never compared. */
  versionTable?: string;
  versionTableSchema?: string | null;
}

async function gather(
  input: DatabaseCompareInput,
): Promise<{ meta: SchemaSpec; db: SchemaSpec; options: CompareOptions }> {
  const dialect = (input.dialect ?? input.options?.dialect ?? input.connection.dialect?.name) as
    | SchemaDialect
    | undefined;
  if (dialect !== 'sqlite' && dialect !== 'postgresql' && dialect !== 'mysql') {
    throw new RetortError(`Cannot autogenerate: unknown dialect ${JSON.stringify(dialect)}`);
  }
  const meta = toSchemaSpec(input.metadata);
  const o = input.options ?? {};
  const versionTable = input.versionTable ?? 'alembic_version';
  // The runtime keeps revision-file checksums beside the version table (docs/reliability.md).
  const exclude = [...(o.excludeTables ?? []), versionTable, `${versionTable}_checksums`];
  if (input.versionTableSchema) {
    exclude.push(
      `${input.versionTableSchema}.${versionTable}`,
      `${input.versionTableSchema}.${versionTable}_checksums`,
    );
  }
  let schemas: (string | null)[] | undefined;
  if (dialect === 'postgresql' && o.includeSchemas) {
    const def = o.defaultSchema ?? 'public';
    const set = new Set<string | null>([null]);
    for (const t of meta.tables) if (t.schema && t.schema !== def) set.add(t.schema);
    for (const e of meta.enums ?? []) if (e.schema && e.schema !== def) set.add(e.schema);
    schemas = [...set].filter((s) => s === null || !o.includeName || o.includeName(s, 'schema', {}));
  }
  const db = await introspect(input.connection, { dialect, schemas, excludeTables: exclude });
  const compile = input.connection.dialect?.compileType?.bind(input.connection.dialect);
  const options: { -readonly [K in keyof CompareOptions]: CompareOptions[K] } = {
    ...o,
    dialect,
    excludeTables: exclude,
    ...(o.compileType || !compile ? {} : { compileType: compile }),
  };
  if (dialect === 'postgresql') await settleDefaultsOnServer(input.connection, meta, db, options);
  return { meta, db, options };
}

/** A constant expression (literals, casts, arithmetic): safe to evaluate, no function calls. */
function isConstant(sql: string): boolean {
  const outside = sql.replace(/'(?:[^']|'')*'/g, "''");
  return !/[a-z_]\s*\(/i.test(outside) && !outside.includes(';');
}

/**
 * PostgreSQL rewrites constant defaults (`'2020-01-01'` becomes
 * `'2020-01-01 00:00:00'::timestamp without time zone`); as Alembic does, let the server say
 * whether two constant defaults are equal, in one query for all the doubtful pairs.
 */
async function settleDefaultsOnServer(
  connection: QueryRunner,
  meta: SchemaSpec,
  db: SchemaSpec,
  options: { -readonly [K in keyof CompareOptions]: CompareOptions[K] },
): Promise<void> {
  if (options.compareServerDefault === false || typeof options.compareServerDefault === 'function') return;
  const pairs = new Map<string, { meta: string; db: string; type: string }>();
  const keyOf = (t: string, m: string, d: string) => `${t}\0${m}\0${d}`;
  compareToOps(meta, db, {
    ...options,
    compareType: false,
    compareServerDefault: (inspected, _metaCol, inspectedDefault, metadataDefault) => {
      if (inspectedDefault === null || metadataDefault === null) return undefined;
      if (
        canonicalDefault(inspectedDefault, 'postgresql') === canonicalDefault(metadataDefault, 'postgresql')
      )
        return undefined;
      if (
        !isConstant(inspectedDefault) ||
        !isConstant(metadataDefault) ||
        !/^[\w ."(),[\]]+$/.test(inspected.type)
      )
        return undefined;
      pairs.set(keyOf(inspected.type, metadataDefault, inspectedDefault), {
        meta: metadataDefault,
        db: inspectedDefault,
        type: inspected.type,
      });
      return undefined;
    },
  });
  if (pairs.size === 0) return;
  const list = [...pairs];
  const select = list.map(
    ([, p], i) => `((${p.meta})::${p.type} IS NOT DISTINCT FROM (${p.db})::${p.type}) AS e${i}`,
  );
  let row: Record<string, unknown> | undefined;
  try {
    row = (await connection.execute(`SELECT ${select.join(', ')}`)).rows[0];
  } catch {
    return; // anything the server cannot cast stays a difference
  }
  const equal = new Set(list.filter((_, i) => row?.[`e${i}`] === true).map(([k]) => k));
  if (equal.size === 0) return;
  options.compareServerDefault = (inspected, _m, inspectedDefault, metadataDefault) =>
    inspectedDefault !== null &&
    metadataDefault !== null &&
    equal.has(keyOf(inspected.type, metadataDefault, inspectedDefault))
      ? false
      : undefined;
}

/**
 * Compares the app's metadata with the live database (Alembic's `compare_metadata`).
 *
 * @example
 * const diffs = await compareMetadata({ connection, metadata: schema });
 */
export async function compareMetadata(input: DatabaseCompareInput): Promise<DiffList> {
  const { meta, db, options } = await gather(input);
  return compareSchemas(meta, db, options);
}

/**
 * The ops a new revision needs (Alembic's `produce_migrations`): upgrade ops, their
 * reverse, the diff list, whether anything is dropped, and rename hints.
 */
export async function produceMigrations(input: DatabaseCompareInput): Promise<ProducedMigrations> {
  const { meta, db, options } = await gather(input);
  const r = compareToOps(meta, db, options);
  const diffs = Object.assign(r.ops.flatMap(toDiffs), { destructive: r.destructive, hints: r.hints });
  const downgradeOps = reverseOps(r.ops);
  const asBatch = input.options?.renderAsBatch ?? false;
  return {
    upgradeOps: r.ops,
    downgradeOps,
    diffs,
    destructive: r.destructive,
    hints: r.hints,
    upgradeOperations: toUpgradeOps(r.ops, { asBatch }),
    downgradeOperations: toDowngradeOps(downgradeOps, { asBatch }),
  };
}
