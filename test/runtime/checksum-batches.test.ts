/**
 * Inside one outer transaction the checksum rows are written once at the end, in batches:
 * a run longer than one batch records every revision, and a downgrade in one run removes
 * exactly the downgraded ones.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine } from '../../src/dialects/index.js';
import { downgrade, MigrationContext, upgrade } from '../../src/runtime/index.js';
import { ScriptDirectory } from '../../src/script/index.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';

const COUNT = 1_201; // more than two batches of 500

describeEachDialect(
  'checksum rows of a long run',
  (kind) => {
    let db: TestDatabase;
    let dir: string;
    beforeAll(async () => {
      db = await createTestDatabase(kind);
      dir = mkdtempSync(join(tmpdir(), 'retort-sum-batch-'));
      for (let i = 0; i < COUNT; i++) {
        const rev = `b${String(i).padStart(5, '0')}`;
        const down = i === 0 ? 'null' : `'b${String(i - 1).padStart(5, '0')}'`;
        writeFileSync(
          join(dir, `${rev}_step.mjs`),
          `export const revision = '${rev}';\nexport const downRevision = ${down};\n` +
            'export async function upgrade() {}\nexport async function downgrade() {}\n',
        );
      }
    });
    afterAll(async () => {
      await db?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const rows = async () => {
      const engine = createEngine(db.url);
      try {
        return await engine.withConnection(async (conn) => {
          const { rows } = await conn.execute('SELECT revision, checksum FROM alembic_version_checksums');
          return new Map(rows.map((r) => [String(r.revision), String(r.checksum)]));
        });
      } finally {
        await engine.close();
      }
    };
    const run = async (fn: typeof upgrade, target: string) => {
      const engine = createEngine(db.url);
      try {
        await fn(new ScriptDirectory({ scriptLocation: dir }), [new MigrationContext({ engine })], target);
      } finally {
        await engine.close();
      }
    };

    it('records every revision, then removes exactly the downgraded ones', async () => {
      await run(upgrade, 'heads');
      const after = await rows();
      expect(after.size).toBe(COUNT);
      const file = join(dir, 'b00700_step.mjs');
      expect(after.get('b00700')).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
      await run(downgrade, 'b00199');
      const down = await rows();
      expect(down.size).toBe(200);
      expect(down.has('b00199')).toBe(true);
      expect(down.has('b00200')).toBe(false);
      expect(down.get('b00000')).toBe(after.get('b00000'));
    }, 60_000);
    // MySQL writes them per step (each step commits on its own): covered by test/reliability
  },
  { only: ['sqlite', 'pglite', 'postgresql'] },
);
