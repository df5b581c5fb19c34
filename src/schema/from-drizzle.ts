import { createRequire } from 'node:module';
import type {
  CheckConstraintSpec,
  ColumnSpec,
  EnumSpec,
  ForeignKeySpec,
  IndexSpec,
  PrimaryKeySpec,
  ReferentialAction,
  SchemaSpec,
  TableSpec,
  UniqueConstraintSpec,
} from '../dialects/schema-nodes.js';
import { fromPlain, SchemaSpecError } from './from-plain.js';
import type { SchemaDialect } from './model.js';
import { sqlLiteral } from './sql-literal.js';

// drizzle-orm is an optional peer: it is loaded only when a Drizzle schema is passed, and
// Drizzle marks its objects with global symbols, so the user's copy and ours interoperate.
const require = createRequire(import.meta.url);
const ENTITY_KIND = Symbol.for('drizzle:entityKind');
const IS_TABLE = Symbol.for('drizzle:IsDrizzleTable');
const TABLE_NAME = Symbol.for('drizzle:Name');
const TABLE_SCHEMA = Symbol.for('drizzle:Schema');
const IS_PG_ENUM = Symbol.for('drizzle:isPgEnum');

type Any = any;

interface CoreModule {
  getTableConfig(table: Any): Any;
  dialect: { sqlToQuery(sql: Any, source?: string): { sql: string; params: unknown[] } };
}

const cores = new Map<SchemaDialect, CoreModule>();

function core(dialect: SchemaDialect): CoreModule {
  let c = cores.get(dialect);
  if (!c) {
    let mod: Any;
    try {
      mod = require(
        dialect === 'postgresql'
          ? 'drizzle-orm/pg-core'
          : dialect === 'sqlite'
            ? 'drizzle-orm/sqlite-core'
            : 'drizzle-orm/mysql-core',
      );
    } catch {
      throw new SchemaSpecError('fromDrizzle needs the drizzle-orm package, which could not be loaded');
    }
    const Dialect =
      dialect === 'postgresql'
        ? mod.PgDialect
        : dialect === 'sqlite'
          ? mod.SQLiteSyncDialect
          : mod.MySqlDialect;
    c = { getTableConfig: mod.getTableConfig, dialect: new Dialect() };
    cores.set(dialect, c);
  }
  return c;
}

function kinds(obj: Any): string[] {
  const out: string[] = [];
  let ctor = obj?.constructor;
  while (ctor && ctor !== Object) {
    if (Object.hasOwn(ctor, ENTITY_KIND)) out.push(ctor[ENTITY_KIND]);
    ctor = Object.getPrototypeOf(ctor);
  }
  return out;
}

function isTable(v: unknown): boolean {
  return !!v && typeof v === 'object' && (v as Any)[IS_TABLE] === true;
}

function isPgEnum(v: unknown): boolean {
  return typeof v === 'function' && (v as Any)[IS_PG_ENUM] === true;
}

/** Which Drizzle core built this table. */
export function drizzleTableDialect(table: unknown): SchemaDialect {
  const k = kinds(table);
  if (k.includes('PgTable')) return 'postgresql';
  if (k.includes('SQLiteTable')) return 'sqlite';
  if (k.includes('MySqlTable')) return 'mysql';
  throw new SchemaSpecError(`fromDrizzle: not a Drizzle table (${k[0] ?? typeof table})`);
}

function sqlText(sql: Any, dialect: SchemaDialect): string {
  const q = core(dialect).dialect.sqlToQuery(sql, 'indexes');
  if (q.params.length === 0) return q.sql;
  // Parameters inside schema SQL are constants: inline them as literals.
  let i = 0;
  const re = dialect === 'postgresql' ? /\$(\d+)/g : /\?/g;
  return q.sql.replace(re, (_m, n) => sqlLiteral(q.params[n ? Number(n) - 1 : i++], dialect));
}

function isSql(v: unknown): boolean {
  return !!v && typeof v === 'object' && kinds(v).includes('SQL');
}

function action(a: unknown): ReferentialAction | null {
  if (typeof a !== 'string') return null;
  const v = a.toLowerCase() as ReferentialAction;
  return v === 'no action' ? null : v;
}

const SERIAL = new Set(['PgSerial', 'PgBigSerial53', 'PgBigSerial64', 'PgSmallSerial']);

function column(col: Any, dialect: SchemaDialect): ColumnSpec {
  let def: string | null = null;
  if (col.default !== undefined && !col.defaultFn) {
    if (isSql(col.default)) def = sqlText(col.default, dialect);
    else {
      const v = typeof col.mapToDriverValue === 'function' ? col.mapToDriverValue(col.default) : col.default;
      def = isSql(v) ? sqlText(v, dialect) : sqlLiteral(v, dialect);
    }
  }
  const kindsOf = kinds(col);
  const autoincrement =
    col.autoIncrement === true || !!col.generatedIdentity || kindsOf.some((k) => SERIAL.has(k));
  let type: string = col.getSQLType();
  // An enum outside the default schema must be named with its schema to be found.
  const en = col.enum;
  if (dialect === 'postgresql' && en && isPgEnum(en) && en.schema && en.schema !== 'public') {
    type = `"${en.schema}"."${en.enumName}"`;
  }
  // MySQL's SERIAL is shorthand for BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE; spell it out.
  if (dialect === 'mysql' && type.toLowerCase() === 'serial') type = 'bigint unsigned';
  return {
    name: col.name,
    type,
    nullable: !col.notNull && !col.primary,
    default: def,
    autoincrement,
    primaryKey: col.primary === true,
    comment: null,
  };
}

function tableSpec(table: Any): TableSpec {
  const dialect = drizzleTableDialect(table);
  const cfg = core(dialect).getTableConfig(table);
  const columns: ColumnSpec[] = cfg.columns.map((c: Any) => column(c, dialect));
  let primaryKey: PrimaryKeySpec | null = null;
  if (cfg.primaryKeys.length > 0) {
    const pk = cfg.primaryKeys[0];
    primaryKey = { kind: 'primaryKey', name: pk.name ?? null, columns: pk.columns.map((c: Any) => c.name) };
  }
  const uniqueConstraints: UniqueConstraintSpec[] = [];
  for (const c of cfg.columns) {
    if (c.isUnique) uniqueConstraints.push({ kind: 'unique', name: c.uniqueName ?? null, columns: [c.name] });
  }
  for (const u of cfg.uniqueConstraints) {
    uniqueConstraints.push({
      kind: 'unique',
      name: u.name ?? null,
      columns: u.columns.map((c: Any) => c.name),
    });
  }
  const foreignKeys: ForeignKeySpec[] = cfg.foreignKeys.map((f: Any) => {
    const ref = f.reference();
    const ft = ref.foreignTable;
    return {
      kind: 'foreignKey',
      name: f.getName(),
      columns: ref.columns.map((c: Any) => c.name),
      referredTable: ft[TABLE_NAME],
      referredSchema: ft[TABLE_SCHEMA] ?? null,
      referredColumns: ref.foreignColumns.map((c: Any) => c.name),
      onDelete: action(f.onDelete),
      onUpdate: action(f.onUpdate),
    } satisfies ForeignKeySpec;
  });
  const checkConstraints: CheckConstraintSpec[] = cfg.checks.map((c: Any) => ({
    kind: 'check',
    name: c.name,
    expression: sqlText(c.value, dialect),
  }));
  const indexes: IndexSpec[] = cfg.indexes.map((i: Any) => {
    const conf = i.config;
    const exprs: boolean[] = conf.columns.map((c: Any) => isSql(c));
    const cols = conf.columns.map((c: Any, i: number) => (exprs[i] ? sqlText(c, dialect) : c.name));
    return {
      name: conf.name ?? `${cfg.name}_${cols.join('_')}_index`,
      columns: cols,
      ...(exprs.some(Boolean) ? { expressions: exprs } : {}),
      unique: conf.unique === true,
      where: conf.where ? sqlText(conf.where, dialect) : null,
    };
  });
  return {
    name: cfg.name,
    schema: cfg.schema ?? null,
    columns,
    primaryKey,
    uniqueConstraints,
    foreignKeys,
    checkConstraints,
    indexes,
    comment: null,
  };
}

/**
 * Builds the neutral schema from Drizzle tables: a schema module (`import * as schema`),
 * an array of tables, one table, or a Drizzle database created with `{ schema }`. Enums (`pgEnum`) become `EnumSpec`s; relations, views
 * and anything else in a module are ignored. `$defaultFn` values are computed by the app,
 * so they are not server defaults.
 *
 * @example
 * import * as schema from './db/schema.js';
 * const spec = fromDrizzle(schema);
 */
export function fromDrizzle(input: unknown): SchemaSpec {
  // A Drizzle database built with `{ schema }` carries its schema module.
  const full = (input as Any)?._?.fullSchema;
  if (full && typeof full === 'object' && !isTable(input)) input = full;
  const values: unknown[] = isTable(input)
    ? [input]
    : Array.isArray(input)
      ? input
      : input && typeof input === 'object'
        ? Object.values(input)
        : [];
  if (values.length > 0 && !values.some((v) => isTable(v) || isPgEnum(v))) {
    throw new SchemaSpecError('fromDrizzle: expected a Drizzle table, an array of tables or a schema module');
  }
  const tables: TableSpec[] = [];
  const enums = new Map<string, EnumSpec>();
  const seen = new Set<unknown>();
  for (const v of values) {
    if (seen.has(v)) continue;
    seen.add(v);
    if (isPgEnum(v)) {
      const e = v as Any;
      enums.set(`${e.schema ?? ''}.${e.enumName}`, {
        name: e.enumName,
        schema: e.schema ?? null,
        values: [...e.enumValues],
      });
    } else if (isTable(v)) {
      tables.push(tableSpec(v));
      // Enums used by a table but not exported from the module are still part of the schema.
      for (const col of Object.values((v as Any)[Symbol.for('drizzle:Columns')] ?? {})) {
        const en = (col as Any).enum;
        if (en && isPgEnum(en) && !enums.has(`${en.schema ?? ''}.${en.enumName}`)) {
          enums.set(`${en.schema ?? ''}.${en.enumName}`, {
            name: en.enumName,
            schema: en.schema ?? null,
            values: [...en.enumValues],
          });
        }
      }
    }
  }
  return fromPlain({ tables, enums: [...enums.values()] });
}
