import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine } from '../../src/dialects/index.js';
import { MigrationContext, upgrade } from '../../src/runtime/index.js';
import { ScriptDirectory } from '../../src/script/index.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';
import { tableRevision, userTables, versionRows, writeRevisions } from './helpers.js';

// l3's header is fine (listing works) but its body does not parse: importing it fails.
const graph = [
  tableRevision('l1', null),
  tableRevision('l2', 'l1'),
  tableRevision('l3', 'l2', { up: "  await op.createTable('t_l3', [ ;" }),
];

describeEachDialect('a revision file that fails to load', (kind) => {
  let db: TestDatabase;
  let engine: any;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    engine = createEngine(db.url);
  });
  afterAll(async () => {
    await engine?.close();
    await db?.drop();
  });

  it('stops the upgrade before any step runs, even where DDL is not transactional', async () => {
    const script = new ScriptDirectory({ scriptLocation: writeRevisions(graph) });
    expect(script.getHeads()).toEqual(['l3']);
    const err = await upgrade(script, [new MigrationContext({ engine })], 'heads').catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String(err.message)).toMatch(/l3/);
    expect(await userTables(engine)).toEqual([]);
    // MariaDB keeps the (empty) version table: its CREATE commits before the plan is made.
    expect((await versionRows(engine)) ?? []).toEqual([]);
  });
});
