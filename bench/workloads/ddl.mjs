// The shared one-op migration workload: revision i creates table t<i> and drops it on the
// way down. Every tool (retort, the raw driver, Knex, Kysely, drizzle-kit, Alembic) runs
// exactly these statements, so the only difference between them is the tool.

/** Table name of revision `i` (0-based). */
export function tableName(i) {
  return `t${String(i).padStart(5, '0')}`;
}

/** The DDL of revision `i`: the same text on SQLite and PostgreSQL. */
export function oneOp(i) {
  const t = tableName(i);
  return { up: `CREATE TABLE ${t} (id integer primary key, name varchar(40))`, down: `DROP TABLE ${t}` };
}

/** The `count` statements of a whole upgrade (base → head) and of the downgrade (head → base). */
export function script(count) {
  const up = [];
  const down = [];
  for (let i = 0; i < count; i++) up.push(oneOp(i).up);
  for (let i = count - 1; i >= 0; i--) down.push(oneOp(i).down);
  return { up, down };
}

/** Zero-padded sequence number, so every tool's lexical file order is the run order. */
export function seq(i) {
  return String(i).padStart(5, '0');
}
