import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema.js';

/** The database file: `todo.sqlite` beside the app (TODO_DB overrides it). */
export const client: Database.Database = new Database(
  process.env.TODO_DB ?? fileURLToPath(new URL('../todo.sqlite', import.meta.url)),
);
/** A Drizzle database built with the schema: retort takes both its connection and its tables. */
export const db = drizzle(client, { schema });
