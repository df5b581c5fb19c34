// Found by the `retort` command line (default search: retort.config.ts).
import { fileURLToPath } from 'node:url';
import { Retort } from 'retort';
import { db } from './src/db.js';

/**
 * `engines: db` is a Drizzle database built with a schema, so its tables are the metadata
 * for autogenerate (`retort revision "message"`, `retort check`).
 */
export const retort = new Retort({
  engines: db,
  // Paths (migrations/) are relative to this folder, wherever the app is started from.
  root: fileURLToPath(new URL('.', import.meta.url)),
});
