import { createEngine, type Connection, type Engine } from '../../src/dialects/index.js';
import { type AutogenOp, renderOps, toOperations } from '../../src/autogenerate/index.js';
import { Operations } from '../../src/operations/index.js';
import { createTestDatabase, type TestDatabase, type TestDialect } from '../support/databases.js';

export type SchemaDialect = 'sqlite' | 'postgresql' | 'mysql';

export function schemaDialect(kind: TestDialect): SchemaDialect {
  return kind === 'pglite' || kind === 'postgresql' ? 'postgresql' : kind === 'mysql' ? 'mysql' : 'sqlite';
}

export interface OpenDb {
  db: TestDatabase;
  engine: Engine;
  conn: Connection;
  release: () => Promise<void>;
  close: () => Promise<void>;
}

/** A fresh database and one pinned connection to it for the whole test. */
export async function openDb(kind: TestDialect): Promise<OpenDb> {
  const db = await createTestDatabase(kind);
  const engine = createEngine(db.url);
  let release!: () => void;
  const done = new Promise<void>((r) => {
    release = r;
  });
  const conn = await new Promise<Connection>((resolve, reject) => {
    engine
      .withConnection(async (c) => {
        resolve(c);
        await done;
      })
      .catch(reject);
  });
  return {
    db,
    engine,
    conn,
    release: async () => release(),
    close: async () => {
      release();
      await engine.close();
      await db.drop();
    },
  };
}

/** An `Operations` bound to the live connection, as a revision's `upgrade(op)` receives it. */
export function operations(conn: Connection): Operations {
  return new Operations({ dialect: conn.dialect, connection: conn, asSql: false, emit() {}, database: '' });
}

/** Runs the ops through `Operations` (batched per table on SQLite, which cannot ALTER much). */
export async function applyOps(conn: Connection, ops: readonly AutogenOp[]): Promise<void> {
  const op = operations(conn);
  for (const m of toOperations(ops, { asBatch: conn.dialect.name === 'sqlite' })) await op.invoke(m);
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...a: unknown[]) => Promise<void>;

/** Renders the ops as a revision body and runs that text with a live `op`: what a generated revision does. */
export async function runRendered(conn: Connection, ops: readonly AutogenOp[]): Promise<string> {
  const text = renderOps(ops, { renderAsBatch: conn.dialect.name === 'sqlite' });
  await new AsyncFunction('op', text)(operations(conn));
  return text;
}

/** Compare options as the live API builds them: the connection's dialect and its type mapping. */
export function compareOpts(conn: Connection) {
  return {
    dialect: conn.dialect.name as SchemaDialect,
    compileType: (t: string) => conn.dialect.compileType(t),
  };
}
