import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importModule, revisionChecksum } from '../../src/script/module-loader.js';
import { tempDir } from './helpers.js';

// The loader keeps one cache per revision folder and process, so every test uses new folders.
let cacheDir: string;
const savedEnv = { dir: process.env.RETORT_CACHE_DIR, off: process.env.RETORT_CACHE };

beforeEach(() => {
  cacheDir = tempDir();
  process.env.RETORT_CACHE_DIR = cacheDir;
  delete process.env.RETORT_CACHE;
});

afterEach(() => {
  for (const [key, value] of [
    ['RETORT_CACHE_DIR', savedEnv.dir],
    ['RETORT_CACHE', savedEnv.off],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const revisionSource = (sql: string) => `/**
 * a revision
 *
 * Revision ID: a1
 * Revises:
 */
import type { Operations } from 'retort';

export const revision: string = 'a1';
export const downRevision: string | null = null;

export async function upgrade(op: Operations): Promise<void> {
  await op.execute(${JSON.stringify(sql)});
}

export async function downgrade(op: Operations): Promise<void> {
  await op.execute('DROP TABLE t');
}
`;

function cacheEntries(): Record<string, string | null> {
  const files = readdirSync(cacheDir).filter((f) => f.endsWith('.json'));
  expect(files).toHaveLength(1);
  return JSON.parse(readFileSync(join(cacheDir, files[0]!), 'utf8')).entries;
}

async function executedSql(mod: Record<string, unknown>): Promise<string[]> {
  const statements: string[] = [];
  const op = { execute: async (sql: string) => void statements.push(sql) };
  await (mod.upgrade as (op: unknown) => Promise<void>)(op);
  return statements;
}

describe('revision module loading', () => {
  it('compiles a self-contained TypeScript revision once and caches it by content', async () => {
    const dir = tempDir();
    const path = join(dir, 'a1_init.ts');
    writeFileSync(path, revisionSource('CREATE TABLE t (id integer)'));
    const mod = await importModule(path);
    expect(mod.revision).toBe('a1');
    expect(mod.downRevision).toBeNull();
    expect(await executedSql(mod)).toEqual(['CREATE TABLE t (id integer)']);

    const digest = createHash('sha256').update(readFileSync(path)).digest('hex');
    const entries = cacheEntries();
    expect(Object.keys(entries)).toEqual([`${digest}:ts`]);
    // stored without ES module syntax or esbuild's per-module helpers
    expect(entries[`${digest}:ts`]).not.toMatch(/\bexport\b|__copyProps/);
    expect(revisionChecksum(path)).toBe(digest);
  });

  it('compiles an edited file afresh instead of serving the cached code', async () => {
    const dir = tempDir();
    const first = join(dir, 'a1_init.ts');
    writeFileSync(first, revisionSource('CREATE TABLE old_name (id integer)'));
    await importModule(first);
    const second = join(dir, 'a1_init_copy.ts');
    writeFileSync(second, revisionSource('CREATE TABLE new_name (id integer)'));
    expect(await executedSql(await importModule(second))).toEqual(['CREATE TABLE new_name (id integer)']);
    expect(Object.keys(cacheEntries())).toHaveLength(2);
  });

  it('saves the cache of every folder when several compile at once', async () => {
    const folders = [tempDir(), tempDir()];
    const paths = folders.map((dir, i) => {
      const path = join(dir, `f${i}.ts`);
      writeFileSync(path, revisionSource(`CREATE TABLE f${i} (id integer)`));
      return path;
    });
    await Promise.all(paths.map((path) => importModule(path)));
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.json'))).toHaveLength(2);
  });

  it('loads JavaScript revisions (.mjs, .js) the same way', async () => {
    const dir = tempDir();
    const mjs = join(dir, 'b1_js.mjs');
    writeFileSync(
      mjs,
      "export const revision = 'b1';\nexport default 7;\nexport async function upgrade(op) { await op.execute('SELECT 1'); }\n",
    );
    const mod = await importModule(mjs);
    expect(mod.revision).toBe('b1');
    expect(mod.default).toBe(7);
    expect(await executedSql(mod)).toEqual(['SELECT 1']);
    expect(Object.keys(cacheEntries())[0]).toMatch(/:js$/);
  });

  it('leaves modules that need a module loader to tsx, and remembers that', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'helper.ts'), "export const tableName: string = 'from_helper';\n");
    const importing = join(dir, 'c1_import.ts');
    writeFileSync(
      importing,
      "import { tableName } from './helper.ts';\nexport const revision = 'c1';\nexport const table = tableName;\n",
    );
    const meta = join(dir, 'c2_meta.ts');
    writeFileSync(meta, "export const revision = 'c2';\nexport const url: string = import.meta.url;\n");
    const awaiting = join(dir, 'c3_await.mts');
    writeFileSync(
      awaiting,
      "export const revision = 'c3';\nexport const later: number = await Promise.resolve(3);\n",
    );

    expect((await importModule(importing)).table).toBe('from_helper');
    expect((await importModule(meta)).url).toMatch(new RegExp(`^${pathToFileURL(meta).href}`));
    expect((await importModule(awaiting)).later).toBe(3);
    // remembered as "use the loader", so the next run skips esbuild for them too
    expect(Object.values(cacheEntries())).toEqual([null, null, null]);
  });

  it('reports a syntax error as a one-line load error', async () => {
    const dir = tempDir();
    const path = join(dir, 'd1_broken.ts');
    writeFileSync(path, "export const revision = 'd1';\nexport function upgrade( {\n");
    await expect(importModule(path)).rejects.toThrow(/^Can't load revision file .*d1_broken\.ts: /);
  });

  it('writes nothing with RETORT_CACHE=0, and ignores a corrupt cache file', async () => {
    process.env.RETORT_CACHE = '0';
    const off = tempDir();
    writeFileSync(join(off, 'e1.ts'), revisionSource('CREATE TABLE e1 (id integer)'));
    expect((await importModule(join(off, 'e1.ts'))).revision).toBe('a1');
    expect(readdirSync(cacheDir)).toEqual([]);

    delete process.env.RETORT_CACHE;
    const corrupt = tempDir();
    const name = createHash('sha1').update(corrupt).digest('hex').slice(0, 16);
    const path = join(cacheDir, `revisions-${name}.json`);
    writeFileSync(path, '{not json');
    writeFileSync(join(corrupt, 'e2.ts'), revisionSource('CREATE TABLE e2 (id integer)'));
    expect(await executedSql(await importModule(join(corrupt, 'e2.ts')))).toEqual([
      'CREATE TABLE e2 (id integer)',
    ]);
    expect(Object.keys(cacheEntries())).toHaveLength(1);
  });
});
