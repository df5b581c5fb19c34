import { createEngine, type Connection, type Engine } from '../../src/dialects/index.js';
import { toDdlNodes, type AutogenOp } from '../../src/autogenerate/index.js';
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

/** Runs the ops' DDL on the connection. */
export async function applyOps(conn: Connection, ops: readonly AutogenOp[]): Promise<void> {
  for (const op of ops) {
    for (const node of toDdlNodes(op)) {
      for (const sql of conn.dialect.compileDdl(node)) await conn.execute(sql);
    }
  }
}

/** Compare options as the live API builds them: the connection's dialect and its type mapping. */
export function compareOpts(conn: Connection) {
  return {
    dialect: conn.dialect.name as SchemaDialect,
    compileType: (t: string) => conn.dialect.compileType(t),
  };
}
