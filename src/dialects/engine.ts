import {
  type Dialect as KyselyDialect,
  Kysely,
  MysqlAdapter,
  MysqlDialect,
  PostgresAdapter,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
} from '../vendor/kysely.js';
import { RetortError } from '../util/errors.js';
import { type Connection, connectionFromPinnedKysely, type RawSqliteDatabase } from './connection.js';
import type { Dialect, DialectName } from './dialect.js';
import { getDialect } from './get-dialect.js';
import { PGliteDialect, type PGliteLike } from './pglite-dialect.js';
import { maskUrl, type ParsedDatabaseUrl, parseDatabaseUrl } from './url.js';

/** A database retort can open connections on. */
export interface Engine {
  readonly dialect: Dialect;
  /** The URL with its password masked, or a description of the client it was given. */
  readonly displayUrl: string;
  readonly kysely: Kysely<any>;
  /** Run `fn` on one pinned connection, released afterwards. */
  withConnection<T>(fn: (conn: Connection) => Promise<T>): Promise<T>;
  /** Closes the pool/database only when retort opened it (from a URL). */
  close(): Promise<void>;
}

/** Any Drizzle database: retort uses its `$client`. */
export interface DrizzleDatabase {
  readonly $client: unknown;
}

/** What `createEngine` accepts. */
export type EngineInput = string | Kysely<any> | DrizzleDatabase | Engine;

/**
 * Make an engine from a URL, a Kysely instance or a Drizzle database.
 *
 * @example
 * ```ts
 * const engine = createEngine('sqlite:app.db');
 * await engine.withConnection((conn) => conn.execute('select 1'));
 * await engine.close();
 * ```
 */
export function createEngine(input: EngineInput): Engine {
  if (typeof input === 'string') return engineFromUrl(input);
  if (isEngine(input)) return input;
  if (input instanceof Kysely || isKyselyLike(input)) {
    const kysely = input as Kysely<any>;
    const name = dialectOfKysely(kysely);
    return new KyselyEngine(getDialect(name), kysely, `<kysely ${name}>`, false);
  }
  if (input && typeof input === 'object' && '$client' in input) {
    return engineFromClient((input as DrizzleDatabase).$client, 'drizzle');
  }
  throw new RetortError('createEngine expects a database URL, a Kysely instance or a Drizzle database');
}

function isEngine(x: unknown): x is Engine {
  return (
    typeof x === 'object' &&
    x !== null &&
    'withConnection' in x &&
    'dialect' in x &&
    'kysely' in x &&
    typeof (x as Engine).withConnection === 'function'
  );
}

function isKyselyLike(x: unknown): boolean {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as Kysely<any>).getExecutor === 'function' &&
    typeof (x as Kysely<any>).connection === 'function'
  );
}

/** The dialect of a Kysely instance, from its adapter. */
export function dialectOfKysely(kysely: Kysely<any>): DialectName {
  const adapter = kysely.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  if (adapter instanceof PostgresAdapter) return 'postgresql';
  if (adapter instanceof MysqlAdapter) return 'mysql';
  const n = adapter?.constructor?.name ?? '';
  if (/sqlite|libsql|d1/i.test(n)) return 'sqlite';
  if (/postgres|pglite|pg/i.test(n)) return 'postgresql';
  if (/mysql|maria/i.test(n)) return 'mysql';
  throw new RetortError(`Cannot tell the database of this Kysely instance (adapter ${n || 'unknown'})`);
}

class KyselyEngine implements Engine {
  readonly dialect: Dialect;
  readonly displayUrl: string;
  readonly kysely: Kysely<any>;
  readonly #owned: boolean;
  #closed = false;

  /** better-sqlite3 database retort opened itself: the DDL fast path of `connectionFromPinnedKysely`. */
  readonly #rawSqlite: { db: RawSqliteDatabase | null } | null;

  constructor(
    dialect: Dialect,
    kysely: Kysely<any>,
    displayUrl: string,
    owned: boolean,
    rawSqlite: { db: RawSqliteDatabase | null } | null = null,
  ) {
    this.dialect = dialect;
    this.kysely = kysely;
    this.displayUrl = displayUrl;
    this.#owned = owned;
    this.#rawSqlite = rawSqlite;
  }

  withConnection<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new RetortError(`The engine for ${this.displayUrl} is closed`));
    let connected = false;
    return this.kysely
      .connection()
      .execute((db) => {
        connected = true;
        return fn(connectionFromPinnedKysely(this.dialect, db, this.#rawSqlite?.db));
      })
      .catch((err: unknown) => {
        // A driver's connect error (ECONNREFUSED, access denied) names neither the database
        // nor which URL failed; say which, with the password masked.
        if (connected || err instanceof RetortError) throw err;
        const why = String((err as Error)?.message ?? err).split('\n')[0];
        throw new RetortError(`Can't connect to ${this.displayUrl}: ${why}`, { cause: err });
      });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#owned) await this.kysely.destroy();
  }
}

function engineFromUrl(url: string): Engine {
  const parsed = parseDatabaseUrl(url);
  const display = maskUrl(url);
  // Kysely opens the SQLite database lazily; the holder sees it once opened. A pinned
  // connection is the only user of it while held (Kysely's SQLite driver has one connection).
  const rawSqlite = parsed.driver === 'better-sqlite3' ? { db: null as RawSqliteDatabase | null } : null;
  return new KyselyEngine(
    getDialect(parsed.dialect),
    new Kysely<any>({ dialect: kyselyDialectForUrl(parsed, rawSqlite) }),
    display,
    true,
    rawSqlite,
  );
}

function kyselyDialectForUrl(
  parsed: ParsedDatabaseUrl,
  rawSqlite: { db: RawSqliteDatabase | null } | null,
): KyselyDialect {
  switch (parsed.driver) {
    case 'better-sqlite3':
      return new SqliteDialect({
        database: async () => {
          const { default: Database } = await import('better-sqlite3');
          const db = new Database(parsed.filename);
          // Waiting writers retry instead of failing at once (the lock sets its own timeout).
          db.pragma('busy_timeout = 5000');
          if (rawSqlite) rawSqlite.db = db;
          return db;
        },
      });
    case 'pglite':
      return new PGliteDialect({
        pglite: async () => {
          const { PGlite } = await import('@electric-sql/pglite');
          return new PGlite(parsed.dataDir ?? undefined) as unknown as PGliteLike;
        },
        closeOnDestroy: true,
      });
    case 'pg':
      return new PostgresDialect({
        pool: async () => {
          const pg = (await import('pg')).default;
          const pool = new pg.Pool({
            host: parsed.host || parsed.params.host,
            port: parsed.port ?? undefined,
            user: parsed.user ?? undefined,
            password: parsed.password ?? undefined,
            database: parsed.database ?? undefined,
            ...(parsed.params.sslmode && parsed.params.sslmode !== 'disable'
              ? { ssl: { rejectUnauthorized: parsed.params.sslmode === 'verify-full' } }
              : {}),
            max: 5,
          });
          // An idle connection the server ends (a restart, pg_terminate_backend, DROP
          // DATABASE … WITH (FORCE) while the pool is closing) is reported on the pool; pg
          // has already dropped it, and without a listener the event would crash the process.
          pool.on('error', () => {});
          return pool;
        },
      });
    case 'mysql2':
      return new MysqlDialect({
        pool: async () => {
          const mysql = (await import('mysql2')).default;
          return mysql.createPool({
            host: parsed.host || undefined,
            port: parsed.port ?? undefined,
            user: parsed.user ?? undefined,
            password: parsed.password ?? undefined,
            database: parsed.database ?? undefined,
            ...(parsed.params.socket ? { socketPath: parsed.params.socket } : {}),
            timezone: 'Z',
            connectionLimit: 5,
          }) as never;
        },
      });
  }
}

// ---- clients handed over by the app (Drizzle's $client) ---------------------------------

function engineFromClient(client: unknown, source: string): Engine {
  const c = client as Record<string, any>;
  if (!c || typeof c !== 'object') throw new RetortError(`The ${source} database has no usable client`);
  // better-sqlite3 Database
  if (typeof c.prepare === 'function' && typeof c.pragma === 'function') {
    const kysely = new Kysely<any>({ dialect: new SqliteDialect({ database: c as never }) });
    return new KyselyEngine(getDialect('sqlite'), kysely, `sqlite:${c.name ?? ''}`, false);
  }
  // PGlite
  if (typeof c.exec === 'function' && typeof c.query === 'function' && 'waitReady' in c) {
    const kysely = new Kysely<any>({ dialect: new PGliteDialect({ pglite: c as unknown as PGliteLike }) });
    const dir = typeof c.dataDir === 'string' ? c.dataDir : 'memory';
    return new KyselyEngine(getDialect('postgresql'), kysely, `pglite:${dir}`, false);
  }
  // pg Pool
  if (typeof c.connect === 'function' && typeof c.query === 'function' && 'idleCount' in c) {
    const kysely = new Kysely<any>({ dialect: new PostgresDialect({ pool: nonClosingPgPool(c) }) });
    return new KyselyEngine(getDialect('postgresql'), kysely, describePg(c.options), false);
  }
  // pg Client
  if (typeof c.connect === 'function' && typeof c.query === 'function' && 'connectionParameters' in c) {
    const kysely = new Kysely<any>({ dialect: new PostgresDialect({ pool: singleClientPool(c) }) });
    return new KyselyEngine(getDialect('postgresql'), kysely, describePg(c.connectionParameters), false);
  }
  // mysql2: the promise wrappers (mysql2/promise) expose the callback object as .pool /
  // .connection; Kysely needs the callback API.
  const isCallbackPool = (x: any) => x && typeof x.getConnection === 'function' && x.config?.connectionConfig;
  const mysqlPool = isCallbackPool(c.pool) ? c.pool : isCallbackPool(c) ? c : null;
  if (mysqlPool) {
    const pool = {
      getConnection: mysqlPool.getConnection.bind(mysqlPool),
      end: (cb: (e: unknown) => void) => cb(null),
    };
    const kysely = new Kysely<any>({ dialect: new MysqlDialect({ pool }) });
    return new KyselyEngine(
      getDialect('mysql'),
      kysely,
      describeMysql(mysqlPool.config.connectionConfig),
      false,
    );
  }
  const isCallbackConnection = (x: any) =>
    x &&
    typeof x.query === 'function' &&
    typeof x.execute === 'function' &&
    x.config &&
    'threadId' in x &&
    !x.connection;
  const mysqlConn = isCallbackConnection(c.connection) ? c.connection : isCallbackConnection(c) ? c : null;
  if (mysqlConn) {
    const kysely = new Kysely<any>({
      dialect: new MysqlDialect({ pool: singleMysqlConnectionPool(mysqlConn) }),
    });
    return new KyselyEngine(getDialect('mysql'), kysely, describeMysql(mysqlConn.config), false);
  }
  throw new RetortError(
    `Unsupported ${source} client (expected better-sqlite3, pg, mysql2 or PGlite): ${c.constructor?.name ?? typeof c}`,
  );
}

function describePg(o: Record<string, any> | undefined): string {
  if (!o) return 'postgresql://';
  if (typeof o.connectionString === 'string') return maskUrl(o.connectionString);
  const user = o.user ? `${encodeURIComponent(o.user)}${o.password ? ':***' : ''}@` : '';
  return `postgresql://${user}${o.host ?? 'localhost'}${o.port ? `:${o.port}` : ''}/${o.database ?? ''}`;
}

function describeMysql(o: Record<string, any> | undefined): string {
  if (!o) return 'mysql://';
  const user = o.user ? `${encodeURIComponent(o.user)}${o.password ? ':***' : ''}@` : '';
  return `mysql://${user}${o.host ?? 'localhost'}${o.port ? `:${o.port}` : ''}/${o.database ?? ''}`;
}

/** A tiny FIFO mutex: one borrower at a time. */
class Mutex {
  #busy = false;
  #queue: Array<() => void> = [];
  async lock(): Promise<void> {
    if (this.#busy) await new Promise<void>((r) => this.#queue.push(r));
    this.#busy = true;
  }
  unlock(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#busy = false;
  }
}

function nonClosingPgPool(pool: Record<string, any>) {
  return {
    connect: () => pool.connect(),
    end: async () => {},
  } as never;
}

function singleClientPool(client: Record<string, any>) {
  const mutex = new Mutex();
  let connected: Promise<void> | null = null;
  return {
    async connect() {
      await mutex.lock();
      // An app may hand over a Client it has not connected yet.
      if (!connected)
        connected = client._connected || client._connecting ? Promise.resolve() : client.connect();
      await connected;
      return {
        query: (...args: unknown[]) => client.query(...args),
        release: () => mutex.unlock(),
      };
    },
    end: async () => {},
  } as never;
}

function singleMysqlConnectionPool(conn: Record<string, any>) {
  const mutex = new Mutex();
  return {
    getConnection(cb: (e: unknown, c: unknown) => void) {
      mutex.lock().then(() =>
        cb(null, {
          query: (...args: unknown[]) => conn.query(...args),
          release: () => mutex.unlock(),
        }),
      );
    },
    end: (cb: (e: unknown) => void) => cb(null),
  } as never;
}
