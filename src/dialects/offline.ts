import {
  type CompiledQuery,
  DummyDriver,
  Kysely,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from '../vendor/kysely.js';
import { RetortError } from '../util/errors.js';
import type { Dialect } from './dialect.js';

const cache = new Map<string, Kysely<any>>();

/**
 * A Kysely instance with no connection, for compiling queries to SQL text (offline
 * `--sql`). Executing anything on it returns no rows.
 */
export function createOfflineKysely(dialect: Dialect): Kysely<any> {
  const hit = cache.get(dialect.name);
  if (hit) return hit;
  const parts = {
    sqlite: [SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler],
    postgresql: [PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler],
    mysql: [MysqlAdapter, MysqlIntrospector, MysqlQueryCompiler],
  } as const;
  const [Adapter, Introspector, Compiler] = parts[dialect.name];
  const kysely = new Kysely<any>({
    dialect: {
      createAdapter: () => new Adapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new Introspector(db),
      createQueryCompiler: () => new Compiler(),
    },
  });
  cache.set(dialect.name, kysely);
  return kysely;
}

/** Something Kysely can compile: a `sql` template, a query builder, or a compiled query. */
export type Compilable = { compile(executorProvider: Kysely<any>): CompiledQuery } | CompiledQuery;

/**
 * SQL text with every parameter written as a literal of `dialect`.
 *
 * @example
 * ```ts
 * compileOffline(sql`select ${'x'}`, postgresqlDialect); // "select 'x'"
 * ```
 */
export function compileOffline(query: Compilable, dialect: Dialect): string {
  const compiled =
    'compile' in query && typeof query.compile === 'function'
      ? query.compile(createOfflineKysely(dialect))
      : (query as CompiledQuery);
  return inlineParameters(compiled.sql, compiled.parameters, dialect);
}

/**
 * Replace `?` (SQLite, MySQL) or `$n` (PostgreSQL) placeholders outside strings, quoted
 * names and comments by literals.
 */
export function inlineParameters(sqlText: string, parameters: readonly unknown[], dialect: Dialect): string {
  if (parameters.length === 0) return sqlText;
  let out = '';
  let next = 0;
  let i = 0;
  const n = sqlText.length;
  while (i < n) {
    const ch = sqlText[i] as string;
    if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < n) {
        if (sqlText[j] === '\\' && dialect.name === 'mysql' && ch !== '`') {
          j += 2;
          continue;
        }
        if (sqlText[j] === ch) {
          if (sqlText[j + 1] === ch) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      out += sqlText.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '-' && sqlText[i + 1] === '-') {
      const j = sqlText.indexOf('\n', i);
      const end = j < 0 ? n : j;
      out += sqlText.slice(i, end);
      i = end;
    } else if (ch === '/' && sqlText[i + 1] === '*') {
      const j = sqlText.indexOf('*/', i + 2);
      const end = j < 0 ? n : j + 2;
      out += sqlText.slice(i, end);
      i = end;
    } else if (ch === '?' && dialect.name !== 'postgresql') {
      if (next >= parameters.length)
        throw new RetortError('More placeholders than parameters in the SQL text');
      out += dialect.literal(parameters[next++]);
      i++;
    } else if (ch === '$' && dialect.name === 'postgresql' && /[0-9]/.test(sqlText[i + 1] ?? '')) {
      let j = i + 1;
      while (j < n && /[0-9]/.test(sqlText[j] as string)) j++;
      const index = Number(sqlText.slice(i + 1, j)) - 1;
      if (index < 0 || index >= parameters.length)
        throw new RetortError(`No parameter for placeholder ${sqlText.slice(i, j)}`);
      out += dialect.literal(parameters[index]);
      i = j;
    } else if (ch === '$' && dialect.name === 'postgresql') {
      // Dollar-quoted string: $tag$ … $tag$
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sqlText.slice(i));
      if (m) {
        const tag = m[0];
        const j = sqlText.indexOf(tag, i + tag.length);
        const end = j < 0 ? n : j + tag.length;
        out += sqlText.slice(i, end);
        i = end;
      } else {
        out += ch;
        i++;
      }
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}
