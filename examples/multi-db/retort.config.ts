// Two databases and an independent named branch.
import { fileURLToPath } from 'node:url';
import { Retort } from 'retort';
import { events, reports, users } from './schema.js';

export const retort = new Retort({
  // A record of database name -> tables: every revision has one upgrade/downgrade per database.
  metadatas: { main: { users, reports }, audit: { events } },
  engines: {
    main: process.env.MAIN_DB ?? 'sqlite:main.sqlite',
    audit: process.env.AUDIT_DB ?? 'sqlite:audit.sqlite',
  },
  // `retort revision --branch reports "..."` writes to migrations/reports.
  config: { versionLocations: [['reports', 'migrations/reports']] },
  root: fileURLToPath(new URL('.', import.meta.url)),
});
