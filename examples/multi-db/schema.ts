import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Database `main`: the app's users and (on the independent `reports` branch) reports. */
export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
});

export const reports = sqliteTable('reports', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  title: text('title').notNull(),
});

/** Database `audit`: an append-only event log. */
export const events = sqliteTable('events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind').notNull(),
  payload: text('payload'),
});
