import { RetortError } from '../util/errors.js';
import type { Dialect, DialectName } from './dialect.js';
import { mysqlDialect } from './mysql-dialect.js';
import { postgresqlDialect } from './postgresql-dialect.js';
import { sqliteDialect } from './sqlite-dialect.js';

/**
 * The dialect object for a name. Accepts the usual aliases (`postgres`, `pg`, `pglite`,
 * `mariadb`, `sqlite3`).
 *
 * @example
 * ```ts
 * getDialect('mariadb').quoteIdentifier('a`b'); // `a``b`
 * ```
 */
export function getDialect(name: DialectName | string): Dialect {
  switch (name.toLowerCase()) {
    case 'sqlite':
    case 'sqlite3':
      return sqliteDialect;
    case 'postgresql':
    case 'postgres':
    case 'pg':
    case 'pglite':
      return postgresqlDialect;
    case 'mysql':
    case 'mariadb':
      return mysqlDialect;
    default:
      throw new RetortError(`Unknown database dialect "${name}" (expected sqlite, postgresql or mysql)`);
  }
}
