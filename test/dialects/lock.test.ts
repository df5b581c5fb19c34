import { afterAll, beforeAll, expect, it } from 'vitest';
import { acquireMigrationLock, createEngine, type Engine } from '../../src/dialects/index.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';

const MESSAGE =
  /^Could not acquire the migration lock within 0\.4 s; another retort process is migrating this database$/;

describeEachDialect(
  'migration lock (two connections)',
  (kind) => {
    let db: TestDatabase;
    let a: Engine;
    let b: Engine;
    beforeAll(async () => {
      db = await createTestDatabase(kind);
      a = createEngine(db.url);
      b = createEngine(db.url);
    });
    afterAll(async () => {
      await a.close();
      await b.close();
      await db.drop();
    });

    it('makes the second taker wait, then time out; a released lock can be re-taken', async () => {
      await a.withConnection(async (c1) => {
        const release = await acquireMigrationLock(c1, { timeoutMs: 5000 });
        await b.withConnection(async (c2) => {
          const t0 = Date.now();
          await expect(acquireMigrationLock(c2, { timeoutMs: 400 })).rejects.toThrow(MESSAGE);
          expect(Date.now() - t0).toBeGreaterThanOrEqual(350);
        });
        await release();
        await release(); // idempotent
        await b.withConnection(async (c2) => {
          const r2 = await acquireMigrationLock(c2, { timeoutMs: 400 });
          // and now the first connection is the one kept out
          await expect(acquireMigrationLock(c1, { timeoutMs: 400 })).rejects.toThrow(MESSAGE);
          await r2();
        });
      });
    });

    it('waits for a lock released during the wait', async () => {
      await a.withConnection(async (c1) => {
        const release = await acquireMigrationLock(c1, { timeoutMs: 5000 });
        setTimeout(() => void release(), 300);
        await b.withConnection(async (c2) => {
          const r2 = await acquireMigrationLock(c2, { timeoutMs: 5000 });
          await r2();
        });
      });
    });
  },
  { only: ['sqlite', 'postgresql', 'mysql'] },
);

describeEachDialect(
  'migration lock (one connection)',
  (kind) => {
    it('takes, releases and re-takes', async () => {
      const engine = createEngine(kind === 'pglite' ? 'pglite:memory' : 'sqlite::memory:');
      await engine.withConnection(async (c) => {
        const r1 = await acquireMigrationLock(c, { timeoutMs: 400 });
        await r1();
        const r2 = await acquireMigrationLock(c, { timeoutMs: 400 });
        await r2();
      });
      await engine.close();
    });
  },
  { only: ['pglite', 'sqlite'] },
);

describeEachDialect(
  'sqlite lock inside a transaction',
  () => {
    it('holds the write lock until the caller commits', async () => {
      const db = await createTestDatabase('sqlite');
      const a = createEngine(db.url);
      const b = createEngine(db.url);
      await a.withConnection(async (c1) => {
        await c1.execute('BEGIN');
        const release = await acquireMigrationLock(c1, { timeoutMs: 1000 });
        expect(release.openedTransaction).toBe(false);
        await b.withConnection(async (c2) => {
          await expect(acquireMigrationLock(c2, { timeoutMs: 400 })).rejects.toThrow(MESSAGE);
        });
        await release();
        await c1.execute('COMMIT');
        await b.withConnection(async (c2) => {
          const r = await acquireMigrationLock(c2, { timeoutMs: 400 });
          expect(r.openedTransaction).toBe(true);
          await r();
        });
      });
      await a.close();
      await b.close();
      await db.drop();
    });
  },
  { only: ['sqlite'] },
);
