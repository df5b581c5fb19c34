import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema.js';

/** The database file, relative to the folder the app runs in (TODO_DB overrides it). */
export const client: Database.Database = new Database(process.env.TODO_DB ?? 'todo.sqlite');
/** A Drizzle database built with the schema: retort takes both its connection and its tables. */
export const db = drizzle(client, { schema });
