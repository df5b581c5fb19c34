// The autogenerate workload: an app whose metadata is N Drizzle tables (8 columns, an index,
// a foreign key to the previous table), as `schema.ts`, with a `retort.config.ts` that
// exports a Retort over it and a `drizzle.config.json` for drizzle-kit over the same file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const q = (s) => JSON.stringify(s);

function sqliteTableText(i) {
  const name = `t${String(i).padStart(4, '0')}`;
  const prev = `t${String(i - 1).padStart(4, '0')}`;
  const ref = i === 0 ? '' : `.references(() => ${prev}.id, { onDelete: 'set null' })`;
  return `export const ${name} = sqliteTable('${name}', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  refId: integer('ref_id')${ref},
  name: text('name', { length: 80 }).notNull(),
  code: text('code', { length: 20 }).notNull().default('new'),
  amount: real('amount').default(0),
  flag: integer('flag', { mode: 'boolean' }).notNull().default(false),
  created: text('created').default(sql\`CURRENT_TIMESTAMP\`),
  note: text('note'),
}, (t) => [index('ix_${name}_name').on(t.name)]);
`;
}

function pgTableText(i) {
  const name = `t${String(i).padStart(4, '0')}`;
  const prev = `t${String(i - 1).padStart(4, '0')}`;
  const ref = i === 0 ? '' : `.references(() => ${prev}.id, { onDelete: 'set null' })`;
  return `export const ${name} = pgTable('${name}', {
  id: serial('id').primaryKey(),
  refId: integer('ref_id')${ref},
  name: varchar('name', { length: 80 }).notNull(),
  code: varchar('code', { length: 20 }).notNull().default('new'),
  amount: numeric('amount', { precision: 10, scale: 2 }).default('0'),
  flag: boolean('flag').notNull().default(false),
  created: timestamp('created').defaultNow(),
  note: text('note'),
}, (t) => [index('ix_${name}_name').on(t.name)]);
`;
}

/**
 * Writes the app into `dir`: schema.ts, retort.config.ts (engine from DATABASE_URL,
 * migrations in ./migrations) and drizzle.config.json (out: ./drizzle).
 * @param {'sqlite'|'postgresql'} kind
 */
export function writeSchemaApp(dir, tables, kind, db) {
  mkdirSync(join(dir, 'migrations'), { recursive: true });
  const head =
    kind === 'sqlite'
      ? "import { sql } from 'drizzle-orm';\nimport { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';\n\n"
      : "import { boolean, index, integer, numeric, pgTable, serial, text, timestamp, varchar } from 'drizzle-orm/pg-core';\n\n";
  const body = [];
  for (let i = 0; i < tables; i++) body.push(kind === 'sqlite' ? sqliteTableText(i) : pgTableText(i));
  writeFileSync(join(dir, 'schema.ts'), head + body.join('\n'));
  writeFileSync(
    join(dir, 'retort.config.ts'),
    `import { fileURLToPath } from 'node:url';
import { Retort } from 'retort';
import * as schema from './schema.js';

export const retort = new Retort({
  root: fileURLToPath(new URL('.', import.meta.url)),
  engines: process.env.DATABASE_URL ?? ${q(db.url)},
  metadatas: schema,
});
`,
  );
  // The app's own tsconfig: without it tsx would use the repository's, whose `paths` map
  // 'retort' to src/*.ts (compiled on every run), where a user's app gets the built package.
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true },
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(dir, 'drizzle.config.json'),
    JSON.stringify(
      {
        dialect: kind === 'sqlite' ? 'sqlite' : 'postgresql',
        // drizzle-kit prefixes './' to these: they must be relative (run it in `dir`).
        schema: './schema.ts',
        out: './drizzle',
        dbCredentials: { url: kind === 'sqlite' ? db.file : db.url },
      },
      null,
      2,
    ),
  );
}
