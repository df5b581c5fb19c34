// The limit: the same DDL sent by the bare driver in one transaction, one statement per
// call, no version bookkeeping. Usage: node raw-runner.mjs URL STATEMENTS.json up|down
import { readFileSync } from 'node:fs';

const [url, file, direction] = process.argv.slice(2);
const statements = JSON.parse(readFileSync(file, 'utf8'))[direction];

if (url.startsWith('sqlite:')) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(url.slice('sqlite:'.length));
  db.transaction(() => {
    for (const s of statements) db.prepare(s).run();
  })();
  db.close();
} else {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  for (const s of statements) await client.query(s);
  await client.query('COMMIT');
  await client.end();
}
