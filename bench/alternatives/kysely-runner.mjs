// Kysely's Migrator over a folder of migration modules, as an app's own migrate script
// would run it. Usage: node kysely-runner.mjs URL MIGRATIONS_DIR up|down
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  FileMigrationProvider,
  Kysely,
  Migrator,
  NO_MIGRATIONS,
  PostgresDialect,
  SqliteDialect,
} from 'kysely';

const [url, folder, direction] = process.argv.slice(2);
let dialect;
if (url.startsWith('sqlite:')) {
  const { default: Database } = await import('better-sqlite3');
  dialect = new SqliteDialect({ database: new Database(url.slice('sqlite:'.length)) });
} else {
  const { default: pg } = await import('pg');
  dialect = new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) });
}
const db = new Kysely({ dialect });
const migrator = new Migrator({
  db,
  provider: new FileMigrationProvider({ fs, path, migrationFolder: folder }),
});
const { error } =
  direction === 'up' ? await migrator.migrateToLatest() : await migrator.migrateTo(NO_MIGRATIONS);
await db.destroy();
if (error) {
  console.error(error);
  process.exit(1);
}
