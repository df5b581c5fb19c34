import { RetortError } from '../util/errors.js';
import type { DialectName } from './dialect.js';

/** A database URL taken apart; the driver tells which client retort opens. */
export type ParsedDatabaseUrl =
  | {
      readonly driver: 'better-sqlite3';
      readonly dialect: 'sqlite';
      /** File path, or `:memory:`. */
      readonly filename: string;
    }
  | {
      readonly driver: 'pglite';
      readonly dialect: 'postgresql';
      /** Data directory, or `null` for an in-memory database. */
      readonly dataDir: string | null;
    }
  | (NetworkUrl & { readonly driver: 'pg'; readonly dialect: 'postgresql' })
  | (NetworkUrl & { readonly driver: 'mysql2'; readonly dialect: 'mysql'; readonly mariadb: boolean });

interface NetworkUrl {
  readonly host: string;
  readonly port: number | null;
  readonly user: string | null;
  readonly password: string | null;
  readonly database: string | null;
  /** Query parameters (e.g. `sslmode`), decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The URL rewritten with the canonical scheme (`postgresql://`, `mysql://`). */
  readonly connectionString: string;
}

function bad(url: string, why: string): RetortError {
  return new RetortError(`Invalid database URL "${maskUrl(url)}": ${why}`);
}

/**
 * Parse a database URL.
 *
 * - `sqlite:path/to.db`, `sqlite::memory:`, `sqlite://` (memory), SQLAlchemy forms
 *   `sqlite:///relative.db` and `sqlite:////absolute.db`
 * - `postgres://…`, `postgresql://…` (also `postgresql+driver://`)
 * - `mysql://…`, `mariadb://…` (also `mysql+driver://`)
 * - `pglite:path`, `pglite:memory` (also `pglite::memory:`, `pglite://path`)
 *
 * @example
 * ```ts
 * parseDatabaseUrl('postgres://u:p@db:5432/app').database; // 'app'
 * ```
 */
export function parseDatabaseUrl(url: string): ParsedDatabaseUrl {
  if (typeof url !== 'string' || url.trim() === '')
    throw new RetortError('Invalid database URL: it is empty');
  const trimmed = url.trim();
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(trimmed);
  if (!m) throw bad(trimmed, 'expected a scheme such as sqlite:, postgres://, mysql:// or pglite:');
  const scheme = (m[1] as string).toLowerCase();
  const rest = m[2] as string;
  const base = scheme.split('+')[0];
  switch (base) {
    case 'sqlite':
    case 'sqlite3':
      return { driver: 'better-sqlite3', dialect: 'sqlite', filename: sqlitePath(trimmed, rest) };
    case 'pglite': {
      let path = rest.startsWith('//') ? rest.slice(2) : rest;
      path = stripQuery(path);
      if (path === '' || path === 'memory' || path === ':memory:' || path === 'memory://') {
        return { driver: 'pglite', dialect: 'postgresql', dataDir: null };
      }
      return { driver: 'pglite', dialect: 'postgresql', dataDir: decodePath(trimmed, path) };
    }
    case 'postgres':
    case 'postgresql':
      return { ...network(trimmed, rest, 'postgresql'), driver: 'pg', dialect: 'postgresql' };
    case 'mysql':
    case 'mariadb':
      return {
        ...network(trimmed, rest, 'mysql'),
        driver: 'mysql2',
        dialect: 'mysql',
        mariadb: base === 'mariadb',
      };
    default:
      throw bad(
        trimmed,
        `unknown scheme "${scheme}" (expected sqlite, postgres, postgresql, mysql, mariadb or pglite)`,
      );
  }
}

/** The dialect a URL points at, without opening anything. */
export function dialectOfUrl(url: string): DialectName {
  return parseDatabaseUrl(url).dialect;
}

function stripQuery(s: string): string {
  const q = s.indexOf('?');
  return q >= 0 ? s.slice(0, q) : s;
}

function decodePath(url: string, path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw bad(url, 'the path is not valid percent-encoding');
  }
}

function sqlitePath(url: string, rest: string): string {
  let path: string;
  if (rest.startsWith('//')) {
    // SQLAlchemy: sqlite:// is memory, sqlite:///rel.db is relative, sqlite:////abs.db absolute.
    const after = rest.slice(2);
    if (after === '') return ':memory:';
    if (!after.startsWith('/'))
      throw bad(url, 'expected sqlite:path, sqlite:///relative/path or sqlite:////absolute/path');
    path = after.slice(1);
  } else {
    path = rest;
  }
  path = stripQuery(path);
  if (path === '')
    throw bad(url, 'the SQLite file name is missing (use sqlite::memory: for an in-memory database)');
  if (path === ':memory:' || path === 'memory') return ':memory:';
  return decodePath(url, path);
}

function network(url: string, rest: string, canonical: string): NetworkUrl {
  if (!rest.startsWith('//')) throw bad(url, `expected ${canonical}://user:password@host:port/database`);
  const authority = /^\/\/([^/?#]*)/.exec(rest)?.[1] ?? '';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const portText = /:([^:\]]*)$/.exec(hostPort)?.[1];
  if (portText !== undefined && portText !== '' && !/^\d{1,5}$/.test(portText))
    throw bad(url, `invalid port "${portText}"`);
  if (portText !== undefined && Number(portText) > 65535) throw bad(url, `invalid port "${portText}"`);
  if (hostPort.replace(/:.*$/, '') === '' && !/[?&](host|socket)=/.test(rest))
    throw bad(url, 'the host name is missing');
  let parsed: URL;
  try {
    parsed = new URL(`${canonical}:${rest}`);
  } catch {
    throw bad(url, `expected ${canonical}://user:password@host:port/database`);
  }
  if (parsed.hostname === '' && !parsed.searchParams.get('host') && !parsed.searchParams.get('socket')) {
    throw bad(url, 'the host name is missing');
  }
  let port: number | null = null;
  if (parsed.port !== '') {
    port = Number(parsed.port);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw bad(url, `invalid port "${parsed.port}"`);
  }
  const dec = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw bad(url, 'the user name, password or database is not valid percent-encoding');
    }
  };
  const dbPath = parsed.pathname.replace(/^\//, '');
  if (dbPath.includes('/')) throw bad(url, 'the database name cannot contain "/"');
  const params: Record<string, string> = {};
  for (const [k, v] of parsed.searchParams) params[k] = v;
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    user: parsed.username ? dec(parsed.username) : null,
    password: parsed.password ? dec(parsed.password) : null,
    database: dbPath ? dec(dbPath) : null,
    params,
    connectionString: parsed.toString(),
  };
}

/**
 * The URL with its password replaced by `***` (also a `password=` query parameter).
 * Anything that does not parse is masked as well as can be, never returned with a secret.
 *
 * @example
 * ```ts
 * maskUrl('postgres://app:s3cret@db/app'); // 'postgres://app:***@db/app'
 * ```
 */
export function maskUrl(url: string): string {
  if (typeof url !== 'string') return String(url);
  // user:password@ in any scheme://. Host names never hold '@', so the password runs to
  // the last '@' (a malformed password with '/' or '#' is still masked; masking a little
  // too much is harmless). The user part may hold a raw '@' too (`//@:pw@h`): URL parsers
  // split userinfo at the last '@', so such a password would otherwise be printed.
  let out = url.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^:/?#]*):(.*)@/s, (_m, head: string, pw: string) =>
    pw === '' ? `${head}:@` : `${head}:***@`,
  );
  out = out.replace(/([?&](?:password|pass|pwd)=)[^&#]*/gi, '$1***');
  return out;
}
